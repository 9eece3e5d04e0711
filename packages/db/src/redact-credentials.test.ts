import { describe, expect, it } from "vitest";

import { redactCredentials, uriHosts } from "./redact-credentials.ts";

describe("uriHosts", () => {
  it.each([
    ["mongodb://127.0.0.1:27017/", ["127.0.0.1:27017"]],
    ["mongodb://user:secret@db.example.net/app?authSource=admin", ["db.example.net"]],
    [
      "mongodb://u:p@a.example:27017,b.example:27018/app?replicaSet=rs0",
      ["a.example:27017", "b.example:27018"],
    ],
    [
      "mongodb+srv://user:secret@cluster0.example.mongodb.net/app",
      ["cluster0.example.mongodb.net"],
    ],
    ["mongodb://[::1]:27017", ["[::1]:27017"]],
    // A password with an unescaped "/" or "?" still ends at "@", as the driver reads it.
    ["mongodb://user:se/cr?et@db.example.net/app", ["db.example.net"]],
    ["not a connection string", []],
  ])("%s → %j", (uri, hosts) => {
    expect(uriHosts(uri)).toEqual(hosts);
  });
});

describe("redactCredentials", () => {
  const uri = "mongodb://user:secret@host:27017/app";

  it("removes the user information of a URI quoted in a message", () => {
    expect(redactCredentials("cannot parse mongodb://user:secret@host:27017/app", uri)).toBe(
      "cannot parse mongodb://***@host:27017/app",
    );
    // Another URI's credentials too: the message may quote one that is not in use.
    expect(redactCredentials("from mongodb+srv://admin:hunter2@other.example/x", uri)).toBe(
      "from mongodb+srv://***@other.example/x",
    );
  });

  it("removes the user and password of the URI in use wherever they appear", () => {
    const redacted = redactCredentials("Authentication failed for user: secret was refused", uri);
    expect(redacted).toBe("Authentication failed for ***: *** was refused");
  });

  it("removes percent-encoded credentials as written and as decoded", () => {
    const encoded = "mongodb://app%40corp:p%40ss%2Fw0rd@host/app";
    const message = "user app@corp with p@ss/w0rd (written p%40ss%2Fw0rd) refused";
    const redacted = redactCredentials(message, encoded);
    for (const secret of ["app@corp", "p@ss/w0rd", "p%40ss%2Fw0rd", "w0rd"]) {
      expect(redacted).not.toContain(secret);
    }
  });

  it("leaves a message without credentials as it is", () => {
    expect(redactCredentials("connect ECONNREFUSED 127.0.0.1:27017", uri)).toBe(
      "connect ECONNREFUSED 127.0.0.1:27017",
    );
    expect(redactCredentials("mongodb://host:27017/app is down", "mongodb://host:27017/")).toBe(
      "mongodb://host:27017/app is down",
    );
  });
});
