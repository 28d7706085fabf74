"""Signs in as the demo administrator through the login form and subscribes URL to dossier events through
POST /api/v1/admin/webhooks/; prints the subscription's id. Usage: subscribe.py APP_URL SINK_URL"""
import http.cookiejar, json, re, sys, urllib.parse, urllib.request

app, sink = sys.argv[1], sys.argv[2]
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
token = lambda html: re.search(r'name="__RequestVerificationToken" type="hidden" value="([^"]+)"', html).group(1)
page = opener.open(f"{app}/dang-nhap").read().decode()
form = urllib.parse.urlencode({"UserName": "quantri", "Password": "MotCua@2026", "__RequestVerificationToken": token(page)}).encode()
opener.open(f"{app}/dang-nhap", form)
csrf = token(opener.open(f"{app}/xac-thuc").read().decode())
body = json.dumps({"name": "bench sink", "url": sink, "events": ["dossier.status"]}).encode()
request = urllib.request.Request(f"{app}/api/v1/admin/webhooks/", body, {"Content-Type": "application/json", "X-CSRF-TOKEN": csrf})
print(json.load(opener.open(request))["subscription"]["id"])
