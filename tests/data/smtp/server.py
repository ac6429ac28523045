"""A real SMTP server on 127.0.0.1 for dun's tests: every message received is written to
OUT/N.eml (the bytes as received) and OUT/N.env (MAIL FROM, then the RCPT TO addresses).

Usage: server.py OUT PORT [CERT KEY]. With CERT and KEY it offers STARTTLS and requires
it, and requires AUTH as user `dun`, password `s3cret` (aiosmtpd only). Uses aiosmtpd when it can be imported, else the standard library's
`smtpd` (deprecated, present up to Python 3.11). Prints `READY <impl>` once listening.
"""
import os
import sys
import time

out, port = sys.argv[1], int(sys.argv[2])
cert, key = (sys.argv[3], sys.argv[4]) if len(sys.argv) > 4 else (None, None)
count = [0]


def save(mail_from, rcpt_tos, data):
    count[0] += 1
    n = count[0]
    with open(os.path.join(out, f"{n}.env"), "w") as f:
        f.write("\n".join([mail_from] + list(rcpt_tos)) + "\n")
    tmp = os.path.join(out, f"{n}.part")
    with open(tmp, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())
    os.rename(tmp, os.path.join(out, f"{n}.eml"))


try:
    from aiosmtpd.controller import Controller
except ImportError:
    Controller = None

if Controller is not None:
    class Handler:
        async def handle_DATA(self, server, session, envelope):
            save(envelope.mail_from, envelope.rcpt_tos, envelope.original_content or envelope.content)
            return "250 OK stored by the test server"

    params = {}
    if cert:
        import ssl
        from aiosmtpd.smtp import AuthResult, LoginPassword

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = isinstance(auth_data, LoginPassword) and auth_data.login == b"dun" and auth_data.password == b"s3cret"
            return AuthResult(success=ok)

        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(cert, key)
        params = dict(tls_context=ctx, require_starttls=True, authenticator=authenticator, auth_required=True)
    Controller(Handler(), hostname="127.0.0.1", port=port, **params).start()
    print("READY aiosmtpd", flush=True)
    while True:
        time.sleep(3600)
else:
    if cert:
        print("NO-STARTTLS: aiosmtpd is not available", flush=True)
        sys.exit(3)
    import asyncore
    import smtpd

    class Server(smtpd.SMTPServer):
        def process_message(self, peer, mail_from, rcpt_tos, data, **kw):
            save(mail_from, rcpt_tos, data)

    Server(("127.0.0.1", port), None, decode_data=False)
    print("READY smtpd", flush=True)
    asyncore.loop()
