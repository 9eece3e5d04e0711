import { expect, signUp, submitLogin, test } from "../support/fixtures.ts";

test("repeated wrong passwords lock the account, and the message says how long to wait", async ({
  page,
  context,
  apps,
  username,
}) => {
  await signUp(page, apps, username);
  await context.clearCookies();

  for (let attempt = 1; attempt <= 10; attempt++) {
    await submitLogin(page, apps, username, `wrong guess ${String(attempt)}`);
    await expect(page.getByRole("alert")).toHaveText("Wrong username or password.");
  }
  await submitLogin(page, apps, username, "wrong guess 11");
  await expect(page.getByRole("alert")).toHaveText(
    "Too many attempts. Please wait before trying again. You can try again in 15 minutes.",
  );
  await expect(page.getByLabel("Username")).toHaveValue(username);
});
