-- POST /api/v1/dossiers with a fresh Idempotency-Key per request (each wrk thread has its own id), spread over
-- the demo's five receiving units as real traffic is. Within one unit, intakes queue on its code counter by
-- design (gap-free serials); a desk never receives hundreds of dossiers a second.
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

local counter = 0
local agencies = { "000.00.01.H46", "000.10.01.H46", "000.10.02.H46", "000.10.03.H46", "000.10.04.H46" }
local body = [[{"procedureCode":"1.001193","agencyCode":"%s","channel":"direct",
"applicant":{"fullName":"Nguyễn Văn Tải","idNumber":"046095001234","phone":"0905123456","address":"Huế"},
"documents":[{"name":"Giấy chứng sinh","original":1,"copies":0}],
"formData":{"hoTenTre":"Nguyễn Minh Khang","ngaySinh":"2024-06-15","noiSinh":"Bệnh viện Trung ương Huế","gioiTinh":"Nam",
"danToc":"Kinh","quocTich":"Việt Nam","hoTenMe":"Trần Thị Thu Hà","namSinhMe":"1995","danTocMe":"Kinh","quocTichMe":"Việt Nam",
"noiCuTruMe":"27 Đống Đa, phường Thuận Hóa, thành phố Huế","hoTenCha":"Nguyễn Văn Tải","namSinhCha":"1993","danTocCha":"Kinh",
"quocTichCha":"Việt Nam","noiCuTruCha":"27 Đống Đa, phường Thuận Hóa, thành phố Huế","quanHe":"Cha"}}]]

function request()
  counter = counter + 1
  local headers = {}
  headers["Content-Type"] = "application/json"
  headers["X-Api-Key"] = "demo-motcua-api-key-2026"
  headers["Idempotency-Key"] = string.format("bench-%d-%d-%d", os.time(), tid, counter)
  return wrk.format("POST", "/api/v1/dossiers", headers, string.format(body, agencies[(counter % #agencies) + 1]))
end

dofile("bench/load/report.lua")
