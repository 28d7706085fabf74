-- wrk script for the sink's raw rate: the same POST the worker sends (a webhook body of the same size).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json; charset=utf-8"
wrk.body = '{"messageId":"0b9f3c1e-5d2a-8c4b-9e7f-1a2b3c4d5e6f","event":"dossier.status","occurredAt":"2026-11-30T21:00:00+00:00","code":"000.00.01.H46-261130-0001","n":1}'
