"""A tenant application written in Python, as ClientInteropIT runs it against a region agent's data port: the standard
library only (ssl + http.client), trusting only the CompanyOS CA, TLS 1.3 at least. It runs the interop steps on one
connection where the server keeps it open (a new one after the server closed it) and prints one JSON line per step:
{"step", "status", "tls", "body"} or {"step", "error"}.

With NAME the application addresses the agent by another name (the Host header and the TLS server name), such as its
fully qualified name with the trailing dot: it still connects to BASE's address and checks the certificate for BASE's
host.

    python3 interop.py BASE CA TOKEN KEY DATA BIG [NAME]
"""
import http.client
import json
import socket
import ssl
import sys
import urllib.parse


def main():
    base, ca, token, key, data, big = sys.argv[1:7]
    name = sys.argv[7] if len(sys.argv) > 7 else None
    url = urllib.parse.urlsplit(base)
    context = ssl.create_default_context(cafile=ca)
    context.minimum_version = ssl.TLSVersion.TLSv1_3
    if name:
        context.check_hostname = False  # checked below, for BASE's host; the chain is still verified
    connection = [None]

    def connect():
        if not name:
            return http.client.HTTPSConnection(url.hostname, url.port, context=context, timeout=30)
        c = http.client.HTTPSConnection(name, url.port, context=context, timeout=30)
        c._create_connection = lambda address, *rest: socket.create_connection((url.hostname, url.port), *rest)
        return c

    def call(step, method, path, bearer, body=None):
        if connection[0] is None:
            connection[0] = connect()
        c = connection[0]
        headers = {"Authorization": "Bearer " + bearer}
        if body is not None:
            headers["Content-Type"] = "application/json"
        try:
            if c.sock is None:
                c.connect()
                if name and ("DNS", url.hostname) not in c.sock.getpeercert().get("subjectAltName", ()):
                    raise ssl.SSLCertVerificationError("the certificate is not for " + url.hostname)
            tls = c.sock.version()  # before the answer: http.client lets go of a socket the server closes
            c.request(method, url.path + path, body=body, headers=headers)
            response = c.getresponse()
            answer = response.read().decode("utf-8")
            result = {"step": step, "status": response.status, "tls": tls, "body": answer}
            if response.will_close:
                c.close()
                connection[0] = None
        except (OSError, http.client.HTTPException) as e:
            result = {"step": step, "error": type(e).__name__ + ": " + str(e)}
            c.close()
            connection[0] = None
        print(json.dumps(result), flush=True)

    record = "/records/" + key
    body = json.dumps({"classification": "internal", "retentionPolicy": "none", "data": data}).encode("utf-8")
    call("put", "PUT", record, token, body)
    call("get", "GET", record, token)
    too_big = ('{"classification":"internal","retentionPolicy":"none","data":"' + "x" * int(big) + '"}').encode("utf-8")
    call("too-big", "PUT", record + "-big", token, too_big)
    call("after-too-big", "GET", record, token)
    call("wrong-token", "GET", record, "not-a-token")


if __name__ == "__main__":
    main()
