#!/usr/bin/env python3
"""Drives bench/portal/run.sh (standard library only; SQL through psql).
Usage: drive.py APP_URL PORTAL_URL N CONNINFO"""
import http.cookiejar, json, os, re, subprocess, sys, time, urllib.error, urllib.parse, urllib.request, uuid
from concurrent.futures import ThreadPoolExecutor

app, portal, n, conninfo = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
API_KEY = "demo-motcua-api-key-2026"
PASSWORD = "MotCua@2026"
THUAN_HOA = "000.10.01.H46"


def sql(query):
    return subprocess.run(["psql", conninfo, "-Atq", "-c", query], check=True, capture_output=True, text=True).stdout.strip()


def request(opener, method, url, body=None, headers=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with opener.open(req, timeout=60) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


class Session:
    """An officer's browser session: the login form, the cookie, the antiforgery header the layout sends."""

    def __init__(self, user):
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())
        page = self.opener.open(app + "/dang-nhap").read().decode()
        token = re.search(r'name="__RequestVerificationToken" type="hidden" value="([^"]+)"', page).group(1)
        form = urllib.parse.urlencode({"UserName": user, "Password": PASSWORD, "__RequestVerificationToken": token}).encode()
        try:
            self.opener.open(urllib.request.Request(app + "/dang-nhap", data=form, method="POST"))
        except urllib.error.HTTPError as e:
            if e.code != 302:
                raise
        page = self.opener.open(app + "/xac-thuc").read().decode()
        self.csrf = re.search(r'name="__RequestVerificationToken" type="hidden" value="([^"]+)"', page).group(1)

    def post(self, path, body):
        return request(self.opener, "POST", app + path, body, {"X-CSRF-TOKEN": self.csrf})


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


plain = urllib.request.build_opener()
BIRTH_FORM = {"hoTenTre": "Nguyễn Minh Khang", "ngaySinh": "2024-06-15", "noiSinh": "Bệnh viện Trung ương Huế", "gioiTinh": "Nam",
              "danToc": "Kinh", "quocTich": "Việt Nam", "hoTenMe": "Trần Thị Thu Hà",
              "namSinhMe": "1995", "danTocMe": "Kinh", "quocTichMe": "Việt Nam", "noiCuTruMe": "27 Đống Đa, phường Thuận Hóa, thành phố Huế",
              "hoTenCha": "Nguyễn Văn An", "namSinhCha": "1993", "danTocCha": "Kinh", "quocTichCha": "Việt Nam",
              "noiCuTruCha": "27 Đống Đa, phường Thuận Hóa, thành phố Huế", "quanHe": "Cha"}


def submit(i):
    body = {"procedureCode": "1.001193", "agencyCode": THUAN_HOA, "channel": "direct",
            "applicant": {"fullName": "Nguyễn Văn An", "idNumber": f"0460950{i:05d}", "phone": "0905123456", "address": "12 Lê Lợi, phường Thuận Hóa"},
            "documents": [{"name": "Giấy chứng sinh", "original": 1, "copies": 0}], "formData": BIRTH_FORM}
    status, text = request(plain, "POST", app + "/api/v1/dossiers", body, {"X-Api-Key": API_KEY, "Idempotency-Key": str(uuid.uuid4())})
    if status != 201:
        raise SystemExit(f"intake {i}: {status} {text}")
    return json.loads(text)["code"]


def wait(what, done, limit=900):
    start = time.time()
    while not done():
        if time.time() - start > limit:
            raise SystemExit(f"not done after {limit} s: {what}")
        time.sleep(0.25)


backlog = "SELECT count(*) FROM outbox WHERE target = 'dvcqg' AND delivered_at IS NULL AND dead_at IS NULL"

# 1. Dossiers with journeys, the portal normal; wait until it holds them all.
t = time.time()
with ThreadPoolExecutor(8) as pool:
    codes = list(pool.map(submit, range(1, n + 1)))
desk, specialist = Session("tiepnhan.thuanhoa"), Session("congchuc.thuanhoa")


def journey(k):
    code = codes[k]
    for who, path, body in [(desk, "transfer", {})] + ([(specialist, "complete-step", {"note": "Đã thẩm định"})] if k % 4 == 0 else []) \
            + ([(specialist, "supplement-request", {"items": [{"document": "Giấy chứng sinh", "reason": "Bản chụp mờ"}]})] if k % 8 == 1 else []):
        status, text = who.post(f"/api/v1/dossiers/{code}/{path}", body)
        if status != 200:
            raise SystemExit(f"{code} {path}: {status} {text}")


with ThreadPoolExecutor(4) as pool:
    list(pool.map(journey, range(n)))
events = int(sql("SELECT count(*) FROM dossier_events"))
pending = "SELECT count(*) FROM outbox WHERE (target = 'dvcqg' OR ordering_key LIKE 'dossier:%') AND delivered_at IS NULL AND dead_at IS NULL"
wait("seeded dossiers synced", lambda: sql(pending) == "0" and sql("SELECT count(*) FROM outbox WHERE target = 'dvcqg' AND dead_at IS NOT NULL") == "0")
print(f"seeded {n:,} dossiers ({events:,} events) through the API and synced in {time.time() - t:.1f} s")

# 2. Outage, re-push all, attempts fail.
request(plain, "POST", portal + "/control", {"mode": "outage"})
admin = Session("quantri")
# The seeded dossiers by code (what "all" selects, without the demo's own dossiers, which the demo seeds without events).
status, text = admin.post("/api/v1/admin/portal/repush", {"codes": codes})
if status != 202:
    raise SystemExit(f"repush: {status} {text}")
repush = json.loads(text)
wait("attempts failing", lambda: int(sql("SELECT count(*) FROM outbox WHERE topic = 'portal.repush' AND attempts > 0")) >= min(n, 64))
outage = float(os.environ.get("OUTAGE_SECONDS", "90"))
time.sleep(outage)
waiting = int(sql("SELECT count(*) FROM outbox WHERE target = 'dvcqg' AND delivered_at IS NULL AND dead_at IS NULL AND attempts > 0 AND next_attempt_at > now()"))
latest = float(sql("SELECT coalesce(extract(epoch FROM max(next_attempt_at) - now()), 0) FROM outbox WHERE target = 'dvcqg' AND delivered_at IS NULL AND dead_at IS NULL"))
# The calls so far stay (clearing them would clear the dossiers the portal holds, and it would refuse the re-push's
# updates as unknown): the measure counts the calls after this many.
before = len(json.loads(request(plain, "GET", portal + "/received")[1]))

# 3. Back: time until the portal holds N accepted updates and the backlog is 0.
back = time.time()
request(plain, "POST", portal + "/control", {"mode": "normal"})
wait("re-push delivered", lambda: sql(backlog) == "0")
calls = json.loads(request(plain, "GET", portal + "/received")[1])[before:]
accepted = [c for c in calls if c.get("errorCode") == "0" and c.get("service") == "DongBoHoSoMC"]
done = float(sql("SELECT extract(epoch FROM max(delivered_at)) FROM outbox WHERE target = 'dvcqg'"))
dead = int(sql("SELECT count(*) FROM outbox WHERE target = 'dvcqg' AND dead_at IS NOT NULL"))
failed = int(sql("SELECT count(*) FROM outbox_attempts a JOIN outbox o ON o.id = a.outbox_id WHERE o.topic = 'portal.repush' AND a.outcome = 'failed'"))
first = float(sql("SELECT coalesce(extract(epoch FROM min(delivered_at)), 'NaN') FROM outbox WHERE topic = 'portal.repush'"))
portal_span = done - back
if len(accepted) < n:
    raise SystemExit(f"the portal holds {len(accepted)} updates, not {n}")

# 4. Baseline: N SMS through the gateway process on the same worker.
sql(f"""INSERT INTO outbox (topic, payload, created_at, message_id, target, ordering_key, next_attempt_at)
        SELECT 'bench.sms', jsonb_build_object('to', '09' || lpad((10000000 + i)::text, 8, '0'), 'text', 'MotCua bench ' || i, 'code', NULL),
               now(), gen_random_uuid(), 'sms', 'bench-sms:' || i, now() FROM generate_series(1, {n}) i""")
sms_start = float(sql("SELECT extract(epoch FROM max(created_at)) FROM outbox WHERE topic = 'bench.sms'"))
wait("SMS delivered", lambda: sql("SELECT count(*) FROM outbox WHERE topic = 'bench.sms' AND delivered_at IS NULL AND dead_at IS NULL") == "0")
sms_done = float(sql("SELECT extract(epoch FROM max(delivered_at)) FROM outbox WHERE topic = 'bench.sms'"))
sms_dead = int(sql("SELECT count(*) FROM outbox WHERE topic = 'bench.sms' AND dead_at IS NOT NULL"))
sms_span = sms_done - sms_start

print(f"outage of {outage:.0f} s after the first failures: {waiting:,} rows waiting on their back-off when the portal returned, the last due in {latest:.0f} s")
print(f"re-push: {repush['dossiers']:,} dossiers, {repush['messages']:,} messages; after the outage the portal held {len(accepted):,} accepted updates "
      f"and the backlog was 0 in {portal_span:.1f} s = {len(accepted) / portal_span:,.0f} msg/s; first delivery {first - back:.1f} s after the return "
      f"({dead} dead, {failed} attempts failed during the outage)")
print(f"baseline: {n:,} SMS through the gateway in {sms_span:.1f} s = {n / sms_span:,.0f} msg/s ({sms_dead} dead)")
print(f"ratio portal/SMS (time): {portal_span / sms_span:.2f}")
