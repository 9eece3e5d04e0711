import { describe, expect, it } from "vitest";

import {
  addressChangedMail,
  passwordChangedMail,
  resetMail,
  verificationMail,
} from "./mail-texts.ts";

const LINK = "https://example.com/reset#token=abc.def";
const count = (haystack: string, needle: string): number => haystack.split(needle).length - 1;

describe("mail texts", () => {
  it("a verification: the app, the link once in each part, its lifetime, and what to do if it was not you", () => {
    const mail = verificationMail({ appName: "Example", link: LINK, hours: 24 });
    expect(mail.subject).toBe("Verify your email address for Example");
    expect(count(mail.text, LINK)).toBe(1);
    expect(mail.text).toContain("for 24 hours");
    expect(mail.text).toContain("If it was not you, ignore it");
    expect(mail.html).toContain(`<a href="${LINK}">${LINK}</a>`);
  });

  it("a reset: the link once, 30 minutes, and that the password stays if it was not them", () => {
    const mail = resetMail({ appName: "Example", link: LINK, minutes: 30 });
    expect(mail.subject).toBe("Reset your Example password");
    expect(count(mail.text, LINK)).toBe(1);
    expect(mail.text).toContain("for 30 minutes");
    expect(mail.text).toContain("your password stays as it is");
  });

  it("notices carry no link to act on, only where to reset", () => {
    const resetUrl = "https://example.com/forgot";
    for (const mail of [
      addressChangedMail({ appName: "Example", resetUrl }),
      passwordChangedMail({ appName: "Example", resetUrl }),
    ]) {
      expect(mail.text).toContain(`reset your password at once at ${resetUrl}`);
      expect(mail.html).not.toContain("<a ");
    }
  });

  it("escapes what it is given in the HTML part", () => {
    const mail = verificationMail({
      appName: `<script>alert("x")</script>`,
      link: `https://example.com/v?a=1&b="2"`,
      hours: 24,
    });
    expect(mail.html).not.toContain("<script>");
    expect(mail.html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(mail.html).toContain('href="https://example.com/v?a=1&amp;b=&quot;2&quot;"');
  });
});
