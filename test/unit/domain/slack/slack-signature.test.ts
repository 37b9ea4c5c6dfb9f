import { describe, expect, it } from 'vitest';
import { slackSignature, verifySlackSignature } from '../../../../shared/domain/slack/slack-signature.ts';

// The example of Slack's "Verifying requests from Slack" guide: its secret, timestamp, body and signature.
const SLACK_EXAMPLE = {
  secret: '8f742231b10e8888abcd99yyyzzz85a5',
  timestamp: '1531420618',
  body: 'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c',
  signature: 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
};

const verify = (overrides: Partial<Parameters<typeof verifySlackSignature>[0]> = {}) =>
  verifySlackSignature({
    signingSecret: SLACK_EXAMPLE.secret,
    timestamp: SLACK_EXAMPLE.timestamp,
    signature: SLACK_EXAMPLE.signature,
    rawBody: SLACK_EXAMPLE.body,
    nowSeconds: Number(SLACK_EXAMPLE.timestamp) + 30,
    ...overrides,
  });

describe("Slack's v0 request signature", () => {
  it('signs as Slack does', () => {
    expect(slackSignature(SLACK_EXAMPLE.secret, SLACK_EXAMPLE.timestamp, SLACK_EXAMPLE.body)).toBe(SLACK_EXAMPLE.signature);
  });

  it("accepts Slack's own example within five minutes of its timestamp", () => {
    expect(verify()).toEqual({ ok: true });
    expect(verify({ nowSeconds: Number(SLACK_EXAMPLE.timestamp) - 300 })).toEqual({ ok: true });
  });

  it('refuses a changed body, another secret, a stale or future timestamp, and no signature', () => {
    expect(verify({ rawBody: `${SLACK_EXAMPLE.body}&x=1` })).toMatchObject({ ok: false, reason: 'the signature does not match' });
    expect(verify({ signingSecret: 'another' })).toMatchObject({ ok: false });
    expect(verify({ nowSeconds: Number(SLACK_EXAMPLE.timestamp) + 301 })).toMatchObject({
      reason: 'the timestamp is more than 5 minutes from now',
    });
    expect(verify({ nowSeconds: Number(SLACK_EXAMPLE.timestamp) - 301 })).toMatchObject({ ok: false });
    expect(verify({ signature: undefined })).toMatchObject({ reason: 'the request is not signed' });
    expect(verify({ signature: 'v0=short' })).toMatchObject({ ok: false });
    expect(verify({ timestamp: '1531420618; drop' })).toMatchObject({ ok: false });
  });
});
