'use strict';
// Browser steps for 3-D Secure in the checkout: the challenge dialog the component opens, with the
// processor's challenge page framed inside it (the CSS engine reaches into the shadow root).
const assert = require('node:assert/strict');
const { When, Then } = require('@cucumber/cucumber');

const UI_TIMEOUT = 10_000;
const FRAME = 'switchyard-checkout dialog iframe[title="3-D Secure authentication"]';

Then('the bank asks the shopper to confirm the payment in a dialog', async function () {
  const dialog = this.page.getByRole('dialog', { name: 'Confirm the payment with your bank' });
  await dialog.waitFor({ timeout: UI_TIMEOUT });
  await this.page.frameLocator(FRAME).getByRole('button', { name: 'Complete authentication' })
    .waitFor({ timeout: UI_TIMEOUT });
});

When(/^the shopper (completes|fails) the authentication$/, async function (how) {
  const name = how === 'completes' ? 'Complete authentication' : 'Fail authentication';
  await this.page.frameLocator(FRAME).getByRole('button', { name }).click();
});

When('the shopper cancels the authentication with the Escape key', async function () {
  await this.page.keyboard.press('Escape');
});

Then('the challenge dialog is closed', async function () {
  await this.page.locator('switchyard-checkout dialog').waitFor({ state: 'detached', timeout: UI_TIMEOUT });
  assert.equal(await this.page.locator('switchyard-checkout dialog').count(), 0);
});
