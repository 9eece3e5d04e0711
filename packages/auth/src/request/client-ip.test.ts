import { describe, expect, it } from "vitest";

import { clientIp, ipThrottleKey, normalizeIp } from "./client-ip.ts";

const SOCKET = "10.0.0.1";

function forwardedFor(...values: string[]): Headers {
  const headers = new Headers();
  for (const value of values) headers.append("x-forwarded-for", value);
  return headers;
}

describe("normalizeIp", () => {
  it.each([
    ["1.2.3.4", "1.2.3.4"],
    ["::ffff:1.2.3.4", "1.2.3.4"],
    ["::FFFF:1.2.3.4", "1.2.3.4"],
    ["::1", "::1"],
    ["2001:DB8::ABCD", "2001:db8::abcd"],
    ["2001:db8::1", "2001:db8::1"],
  ])("turns %s into %s", (input, expected) => {
    expect(normalizeIp(input)).toBe(expected);
  });

  it.each([
    undefined,
    "",
    "localhost",
    "1.2.3",
    "1.2.3.4.5",
    "256.1.1.1",
    "1.2.3.4:80",
    "[::1]",
    "[::1]:80",
    " 1.2.3.4",
    "1.2.3.4, 5.6.7.8",
    "::ffff:999.1.1.1",
    "2001:db8::1::2",
    "unknown",
  ])("refuses %j", (input) => {
    expect(normalizeIp(input)).toBeNull();
  });
});

describe("clientIp", () => {
  describe("with no trusted proxy (hops 0)", () => {
    it("returns the socket address", () => {
      expect(clientIp(new Headers(), SOCKET, 0)).toBe(SOCKET);
    });

    it("ignores X-Forwarded-For entirely, however it rotates (BF-04)", () => {
      const spoofed = ["1.1.1.1", "2.2.2.2", "3.3.3.3, 4.4.4.4", "::1", "garbage", ""];
      for (const value of spoofed) {
        expect(clientIp(forwardedFor(value), SOCKET, 0)).toBe(SOCKET);
      }
    });

    it("treats negative hops like 0", () => {
      expect(clientIp(forwardedFor("1.1.1.1"), SOCKET, -1)).toBe(SOCKET);
    });

    it("unwraps an IPv4-mapped IPv6 socket address", () => {
      expect(clientIp(new Headers(), "::ffff:1.2.3.4", 0)).toBe("1.2.3.4");
    });

    it("lower-cases an IPv6 socket address", () => {
      expect(clientIp(new Headers(), "2001:DB8::A", 0)).toBe("2001:db8::a");
    });

    it.each([undefined, "", "not-an-ip", "1.2.3.4:5"])(
      "returns null for the invalid socket address %j",
      (socket) => {
        expect(clientIp(forwardedFor("1.1.1.1"), socket, 0)).toBeNull();
      },
    );
  });

  describe("behind trusted proxies", () => {
    it("takes the rightmost entry with one hop", () => {
      expect(clientIp(forwardedFor("6.6.6.6, 7.7.7.7, 8.8.8.8"), SOCKET, 1)).toBe("8.8.8.8");
    });

    it("takes the second entry from the right with two hops", () => {
      expect(clientIp(forwardedFor("6.6.6.6, 7.7.7.7, 8.8.8.8"), SOCKET, 2)).toBe("7.7.7.7");
    });

    it("does not let the client change the result by prepending entries", () => {
      for (const spoofed of ["1.1.1.1", "2.2.2.2, 3.3.3.3", "::1, 4.4.4.4"]) {
        expect(clientIp(forwardedFor(`${spoofed}, 8.8.8.8`), SOCKET, 1)).toBe("8.8.8.8");
      }
    });

    it.each([
      ["no header", new Headers(), 1],
      ["an empty header", forwardedFor(""), 1],
      ["only commas", forwardedFor(" , ,"), 1],
      ["one entry for two hops", forwardedFor("8.8.8.8"), 2],
      ["two entries for three hops", forwardedFor("7.7.7.7, 8.8.8.8"), 3],
    ])("falls back to the socket address with %s", (_label, headers, hops) => {
      expect(clientIp(headers, SOCKET, hops)).toBe(SOCKET);
    });

    it.each(["unknown", "8.8.8.8:443", "[2001:db8::1]", "_hidden", "999.1.1.1"])(
      "falls back to the socket address when the chosen entry is %j",
      (entry) => {
        expect(clientIp(forwardedFor(`1.1.1.1, ${entry}`), SOCKET, 1)).toBe(SOCKET);
      },
    );

    it("trims whitespace around entries", () => {
      expect(clientIp(forwardedFor("  6.6.6.6 ,\t 7.7.7.7  "), SOCKET, 1)).toBe("7.7.7.7");
      expect(clientIp(forwardedFor("  6.6.6.6 ,\t 7.7.7.7  "), SOCKET, 2)).toBe("6.6.6.6");
    });

    it("reads several X-Forwarded-For headers as one list, in order", () => {
      const headers = forwardedFor("6.6.6.6", "7.7.7.7, 8.8.8.8");
      expect(headers.get("x-forwarded-for")).toBe("6.6.6.6, 7.7.7.7, 8.8.8.8");
      expect(clientIp(headers, SOCKET, 1)).toBe("8.8.8.8");
      expect(clientIp(headers, SOCKET, 3)).toBe("6.6.6.6");
    });

    it("normalises the chosen entry", () => {
      expect(clientIp(forwardedFor("2001:DB8::ABC"), SOCKET, 1)).toBe("2001:db8::abc");
      expect(clientIp(forwardedFor("::ffff:8.8.8.8"), SOCKET, 1)).toBe("8.8.8.8");
    });

    it("returns null when neither the entry nor the socket address is valid", () => {
      expect(clientIp(forwardedFor("garbage"), undefined, 1)).toBeNull();
    });
  });
});

describe("ipThrottleKey", () => {
  it.each(["1.2.3.4", "203.0.113.9", "0.0.0.0"])("keeps the IPv4 address %s as it is", (ip) => {
    expect(ipThrottleKey(ip)).toBe(ip);
  });

  it("gives all addresses of one IPv6 /64 the same key", () => {
    expect(ipThrottleKey("2001:db8:1:2:3:4:5:6")).toBe("2001:db8:1:2::/64");
    expect(ipThrottleKey("2001:db8:1:2:ffff::1")).toBe("2001:db8:1:2::/64");
    expect(ipThrottleKey("2001:db8:1:2::")).toBe("2001:db8:1:2::/64");
  });

  it.each(["2001:db8:1:3::1", "2001:db8:2:2::1", "2001:db9:1:2::1"])(
    "gives %s, in another /64, another key",
    (ip) => {
      expect(ipThrottleKey(ip)).not.toBe(ipThrottleKey("2001:db8:1:2::1"));
    },
  );

  it.each([
    ["::1", "0:0:0:0::/64"],
    ["::", "0:0:0:0::/64"],
    ["fe80::1", "fe80:0:0:0::/64"],
    ["2001:db8::1", "2001:db8:0:0::/64"],
    ["::ffff:1.2.3.4", "0:0:0:0::/64"],
    ["64:ff9b::1.2.3.4", "64:ff9b:0:0::/64"],
    // The IPv4 tail fills two groups, so "::" here stands for a single zero group.
    ["2001:db8::1:2:3:4.5.6.7", "2001:db8:0:1::/64"],
    ["2001:db8:0:1:2:3:4.5.6.7", "2001:db8:0:1::/64"],
  ])("maps %s to %s", (ip, key) => {
    expect(ipThrottleKey(ip)).toBe(key);
  });

  it.each([
    ["2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"],
    ["2001:db8:0:0:0:0:0:1", "2001:db8::1"],
    ["2001:0db8:0001:0002:0000:0000:0000:0001", "2001:db8:1:2::1"],
    ["2001:0DB8:0001:0002::1", "2001:db8:1:2::1"],
    ["0:0:0:0:0:0:0:1", "::1"],
    ["2001:db8:0:1::", "2001:db8::1:0:0:0:0"],
  ])("gives %s and %s the same key", (long, short) => {
    expect(ipThrottleKey(long)).toBe(ipThrottleKey(short));
  });
});
