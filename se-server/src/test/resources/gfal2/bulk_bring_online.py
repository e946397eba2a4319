"""Bulk bring-online of many SURLs through the gfal2 Python API, as a researcher's script does:
one asynchronous request for all, polled until every file is online, then released.
Usage: bulk_bring_online.py PIN_SECONDS SURL... ; prints "online N" and "released N"."""
import sys
import time

import gfal2

pin = int(sys.argv[1])
surls = sys.argv[2:]
ctx = gfal2.creat_context()
errors, token = ctx.bring_online(surls, pin, 120, True)
if not token:
    sys.exit("no request token: %s" % errors)
deadline = time.time() + 120
while True:
    errors = ctx.bring_online_poll(surls, token)
    pending = [e for e in errors if e is not None and e.code == 11]  # EAGAIN: still staging
    failed = [e for e in errors if e is not None and e.code != 11]
    if failed:
        sys.exit("failed: %s" % "; ".join(e.message for e in failed))
    if not pending:
        break
    if time.time() > deadline:
        sys.exit("%d of %d still staging after 120 s" % (len(pending), len(surls)))
    time.sleep(0.2)
print("online %d" % len(surls))
sys.stdout.flush()
if len(sys.argv) > 0 and "--keep" not in sys.argv:
    errors = ctx.release(surls, token)
    bad = [e for e in errors if e is not None]
    if bad:
        sys.exit("release failed: %s" % "; ".join(e.message for e in bad))
    print("released %d" % len(surls))
