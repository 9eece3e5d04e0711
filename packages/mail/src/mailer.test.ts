import { randomBytes } from "node:crypto";

import { mailTo, testSmtpUrl } from "@monorepo-auth/testing/mailpit";
import { describe, expect, it } from "vitest";

import { parseMailSettings } from "./mail-settings.ts";
import { createMailer, MailUnavailableError } from "./mailer.ts";

const unique = (): string => `person-${randomBytes(4).toString("hex")}@example.com`;

describe("createMailer", () => {
  it("hands a mail to the SMTP server: sender, recipient, subject, text and HTML", async () => {
    const settings = parseMailSettings(
      { SMTP_URL: testSmtpUrl(), MAIL_FROM: "Monorepo Auth <no-reply@example.com>" },
      "unused@example.com",
    );
    if (!settings) throw new Error("SMTP_URL is set");
    const mailer = createMailer(settings);
    const to = unique();
    try {
      await mailer.send({
        to,
        subject: "Verify your address",
        text: "Open http://localhost:4321/verify to verify.",
        html: '<p>Open <a href="http://localhost:4321/verify">the link</a> to verify.</p>',
      });
    } finally {
      mailer.close();
    }
    const [mail, ...more] = await mailTo(to);
    expect(more).toEqual([]);
    expect(mail).toMatchObject({
      from: "Monorepo Auth <no-reply@example.com>",
      to: [to],
      subject: "Verify your address",
    });
    expect(mail?.text.trim()).toBe("Open http://localhost:4321/verify to verify.");
    expect(mail?.html).toContain('<a href="http://localhost:4321/verify">the link</a>');
  });

  it("says which server did not take the mail, and never the password", async () => {
    const settings = parseMailSettings(
      { SMTP_URL: "smtp://user:s3cret-pass@127.0.0.1:1" },
      "no-reply@example.com",
    );
    if (!settings) throw new Error("SMTP_URL is set");
    const mailer = createMailer(settings);
    try {
      const sending = mailer.send({ to: unique(), subject: "s", text: "t", html: "<p>t</p>" });
      await expect(sending).rejects.toThrow(MailUnavailableError);
      await expect(sending).rejects.toThrow(/^smtp:\/\/127\.0\.0\.1:1 did not take the mail/);
      await sending.catch((error: unknown) => {
        expect((error as Error).message).not.toContain("s3cret-pass");
      });
    } finally {
      mailer.close();
    }
  });
});

describe("parseMailSettings", () => {
  const parse = (env: Record<string, string>) => parseMailSettings(env, "no-reply@example.com");

  it("is off without SMTP_URL, and refuses a sender with nowhere to send", () => {
    expect(parse({})).toBeNull();
    expect(() => parse({ MAIL_FROM: "a@example.com" })).toThrow(
      "MAIL_FROM is set but SMTP_URL is not",
    );
  });

  it("takes smtp:// and smtps://, with the default sender or a named one", () => {
    expect(parse({ SMTP_URL: "smtp://mail.example.com:587" })).toMatchObject({
      from: "no-reply@example.com",
    });
    expect(
      parse({ SMTP_URL: "smtps://u:p@mail.example.com", MAIL_FROM: "Example <hi@example.com>" })
        ?.from,
    ).toBe("Example <hi@example.com>");
  });

  it("names each malformed setting, without repeating the URL's password", () => {
    const problem = (env: Record<string, string>): string => {
      try {
        parse(env);
      } catch (error) {
        return (error as Error).message;
      }
      throw new Error("accepted");
    };
    expect(problem({ SMTP_URL: "mail.example.com" })).toMatch(/^SMTP_URL is not a URL/);
    expect(problem({ SMTP_URL: "http://u:hunter22@mail.example.com" })).toBe(
      "SMTP_URL must start with smtp:// or smtps://, not http://",
    );
    expect(problem({ SMTP_URL: "smtp://mail.example.com/x" })).toBe(
      "SMTP_URL must not have a path",
    );
    for (const from of ["no-at-sign", "a@b", "Name <a@example.com", "x\r\nBcc: y@example.com"]) {
      expect(problem({ SMTP_URL: "smtp://mail.example.com", MAIL_FROM: from })).toMatch(
        /^MAIL_FROM must be an address/,
      );
    }
  });
});
