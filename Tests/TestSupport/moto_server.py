"""A local S3 server for the tests: moto's server in this process on a free loopback port.

    moto_server.py check                 prints "ok" when moto[server] and boto3 import
    moto_server.py serve INFO [noauth]   serves until the parent process is gone

`serve` writes {"port", "access_key_id", "secret_access_key"} to INFO once it answers.
With authentication (the default) it first creates an IAM user allowed everything, then
turns moto's request authentication on (settings.INITIAL_NO_AUTH_ACTION_COUNT = 0): from
then on every request must carry a SigV4 signature made with that user's key, which moto
checks with botocore's signer, and a wrong secret gets 403 SignatureDoesNotMatch.
"""
import json
import os
import sys
import threading
import time


def serve(info_path, authenticate):
    from moto import settings
    from moto.server import ThreadedMotoServer
    import boto3

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    key_id, secret = "AKIAMOTONOAUTH000000", "unchecked"
    if authenticate:
        iam = boto3.client("iam", endpoint_url=endpoint, region_name="us-east-1",
                           aws_access_key_id="setup", aws_secret_access_key="setup")
        iam.create_user(UserName="medallion-tests")
        iam.put_user_policy(UserName="medallion-tests", PolicyName="all", PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
        key = iam.create_access_key(UserName="medallion-tests")["AccessKey"]
        key_id, secret = key["AccessKeyId"], key["SecretAccessKey"]
        settings.INITIAL_NO_AUTH_ACTION_COUNT = 0
    tmp = info_path + ".tmp"
    with open(tmp, "w") as f:
        json.dump({"port": port, "access_key_id": key_id, "secret_access_key": secret}, f)
    os.replace(tmp, info_path)
    # Die with the test process, however it ends.
    parent = os.getppid()
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)


if __name__ == "__main__":
    if sys.argv[1:2] == ["check"]:
        import moto.server  # noqa: F401
        import boto3  # noqa: F401
        print("ok")
    elif sys.argv[1:2] == ["serve"] and len(sys.argv) >= 3:
        serve(sys.argv[2], authenticate="noauth" not in sys.argv[3:])
    else:
        sys.exit("usage: moto_server.py check | serve INFO [noauth]")
