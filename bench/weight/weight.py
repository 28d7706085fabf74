"""Loads each page cold and prints the bytes transferred against the 60 KB budget (see run.sh)."""
import http.client, re, sys, urllib.parse

BUDGET = 60 * 1024
base = urllib.parse.urlsplit(sys.argv[1])


def fetch(path, cookies=None, method="GET", body=None, headers=None):
    """One request over a fresh connection; returns (status, headers, raw body, bytes on the wire)."""
    conn = http.client.HTTPConnection(base.hostname, base.port)
    h = {"Accept-Encoding": "br, gzip", "Accept": "text/html,*/*"}
    if cookies:
        h["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    h.update(headers or {})
    conn.request(method, path, body=body, headers=h)
    r = conn.getresponse()
    raw = r.read()  # http.client does not decompress: these are the bytes sent
    head = len(f"HTTP/1.1 {r.status} {r.reason}\r\n") + sum(len(f"{k}: {v}\r\n") for k, v in r.getheaders()) + 2
    for k, v in r.getheaders():
        if k.lower() == "set-cookie" and cookies is not None:
            name, _, rest = v.partition("=")
            cookies[name] = rest.split(";")[0]
    conn.close()
    return r.status, dict((k.lower(), v) for k, v in r.getheaders()), raw, head + len(raw)


def text(path, cookies=None):
    """The page as text, asked uncompressed (Python has no Brotli decoder): to read its links, not to measure it."""
    return fetch(path, dict(cookies) if cookies else None, headers={"Accept-Encoding": "identity"})[2].decode("utf-8", "replace")


def cold(path, cookies=None):
    """Bytes of the page and of everything it links, each fetched once as by an empty cache."""
    status, headers, raw, total = fetch(path, dict(cookies) if cookies else None)
    html = text(path, cookies)
    links = re.findall(r'<link\b[^>]*\bhref="(/[^"]*)"', html) + re.findall(r'<script\b[^>]*\bsrc="(/[^"]*)"', html) \
        + re.findall(r'<img\b[^>]*\bsrc="(/[^"]*)"', html)
    for link in dict.fromkeys(links):
        total += fetch(link.replace("&amp;", "&"))[3]
    return status, total, headers.get("content-encoding", "none"), len(links)


def sign_in(user):
    cookies = {}
    fetch("/dang-nhap", cookies, headers={"Accept-Encoding": "identity"})
    html = text("/dang-nhap", cookies)
    token = re.search(r'name="__RequestVerificationToken" type="hidden" value="([^"]+)"', html).group(1)
    form = urllib.parse.urlencode({"UserName": user, "Password": "MotCua@2026", "__RequestVerificationToken": token})
    status, *_ = fetch("/dang-nhap", cookies, "POST", form, {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 302, f"sign-in of {user}: {status}"
    return cookies


def first(pattern, path, cookies=None):
    m = re.search(pattern, text(path, cookies))
    return m.group(1) if m else None


rows, worst = [], 0.0
def measure(who, path, cookies=None):
    global worst
    status, total, encoding, links = cold(path, cookies)
    worst = max(worst, total / BUDGET)
    print(f"{who:22s} {path[:52]:52s} {status:3d} {encoding:4s} {links:2d} files {total / 1024:7.1f} KB  "
          f"{total / BUDGET:6.1%} of 60 KB  {'OK' if total <= BUDGET else 'OVER'}")
    sys.stdout.flush()


# Full lists are the heavy case: 30 dossiers at Thuận Hóa (more than a page of the list and of a worklist) by the API.
INTAKE = """{"procedureCode":"1.001193","agencyCode":"000.10.01.H46","channel":"direct",
"applicant":{"fullName":"Nguyễn Văn Tải","idNumber":"046095001234","phone":"0905123456","address":"12 Lê Lợi, phường Thuận Hóa, Huế"},
"documents":[{"name":"Giấy chứng sinh","original":1,"copies":0}],
"formData":{"hoTenTre":"Nguyễn Minh Khang","ngaySinh":"2024-06-15","noiSinh":"Bệnh viện Trung ương Huế","gioiTinh":"Nam",
"danToc":"Kinh","quocTich":"Việt Nam","hoTenCha":"Nguyễn Văn Tải","quanHe":"Cha"}}"""
for i in range(30):
    status = fetch("/api/v1/dossiers", method="POST", body=INTAKE.encode(), headers={
        "Content-Type": "application/json", "X-Api-Key": "demo-motcua-api-key-2026", "Idempotency-Key": f"weight-{i}"})[0]
    assert status == 201, f"intake: {status}"
officer = sign_in("tiepnhan.thuanhoa")
dossier = first(r'href="/ho-so/([^"?/]+)"', "/ho-so", officer)
procedure = first(r'href="/thu-tuc/([^"?/]+)"', "/thu-tuc")
print(f"page weight, cold first load, br/gzip asked; budget {BUDGET} bytes")
for path in ["/", "/thu-tuc", f"/thu-tuc/{procedure}", "/tra-cuu", f"/tra-cuu?ma={dossier}", "/dang-nhap", "/xac-thuc"]:
    measure("anonymous", path)
pages = {
    "tiepnhan.thuanhoa": ["/tiep-nhan", "/tiep-nhan?thutuc=1.001193", "/ho-so", f"/ho-so/{dossier}", "/xu-ly"],
    "congchuc.thuanhoa": ["/xu-ly", "/ho-so"],
    "lanhdao.thuanhoa": ["/xu-ly", "/ho-so"],
    "chuyenvien.trungtam": ["/xu-ly", "/ho-so"],
    "truongphong.trungtam": ["/xu-ly", "/ho-so"],
    "lanhdao.trungtam": ["/xu-ly", "/ho-so"],
    "ketoan.trungtam": ["/ho-so"],
    "quantri": ["/quan-tri/lich", "/quan-tri/thu-tuc", "/quan-tri/don-vi", "/quan-tri/nguoi-dung", "/quan-tri/thu-tuc/nhap",
                "/quan-tri/thu-tuc/1.001193/bieu-mau", "/quan-tri/thu-tuc/1.001193/thanh-phan-ho-so"],
}
for user, paths in pages.items():
    cookies = officer if user == "tiepnhan.thuanhoa" else sign_in(user)
    for path in paths:
        measure(user, path, cookies)
print(f"heaviest page: {worst:.1%} of the budget: {'MET' if worst <= 1 else 'NOT MET'}")
