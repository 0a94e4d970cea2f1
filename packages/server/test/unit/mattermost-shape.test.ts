import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { defaultSettings, loadConfig, type Settings } from '../../src/config/config.js';
import { applyMattermostConfig, envLockedSettings, FAKE_SETTING, SETTINGS_MAP, toMattermostConfig } from '../../src/config/mattermost-shape.js';

/** Settings with no Mattermost config key: a test-only cost knob and a test-only command. */
const NOT_MAPPED = new Set<keyof Settings>(['passwordIterations', 'enableCommandEcho']);

describe('mattermost config shape', () => {
  it('maps every setting exactly once per key, and each key to a real field', () => {
    const mapped = new Set(SETTINGS_MAP.map((s) => s.field));
    const missing = (Object.keys(defaultSettings) as Array<keyof Settings>).filter((k) => !mapped.has(k) && !NOT_MAPPED.has(k));
    assert.deepEqual(missing, [], 'add these to SETTINGS_MAP (or to NOT_MAPPED with a reason)');
    const keys = SETTINGS_MAP.map((s) => `${s.section}.${s.key}`);
    assert.equal(new Set(keys).size, keys.length);
    for (const s of SETTINGS_MAP) assert.ok(s.field in defaultSettings, s.field);
  });

  it('round-trips the defaults and the SMTP URL through its Mattermost keys', () => {
    const doc = toMattermostConfig(defaultSettings);
    const back = applyMattermostConfig(defaultSettings, doc);
    assert.ok('settings' in back);
    assert.deepEqual(back.settings, defaultSettings);
    assert.deepEqual(back.changed, []);

    const s: Settings = { ...defaultSettings, smtpUrl: 'smtps://us%40er:p%3Ass@mail.example.com:465', emailFrom: 'Team <team@example.com>' };
    const email = toMattermostConfig(s, { maskSecrets: true }).EmailSettings!;
    assert.deepEqual(
      { ...email },
      { ...email, SMTPServer: 'mail.example.com', SMTPPort: '465', SMTPUsername: 'us@er', SMTPPassword: FAKE_SETTING, ConnectionSecurity: 'TLS', FeedbackName: 'Team', FeedbackEmail: 'team@example.com' },
    );
    const again = applyMattermostConfig(defaultSettings, { EmailSettings: email }, new Set(), s);
    assert.ok('settings' in again);
    assert.equal(again.settings.smtpUrl, s.smtpUrl);
    assert.equal(again.settings.emailFrom, s.emailFrom);
  });

  it('converts units, ignores unknown keys, and lets locked fields keep their value unchecked', () => {
    const r = applyMattermostConfig(defaultSettings, { ServiceSettings: { OutgoingIntegrationRequestsTimeout: 7, Nope: 1 }, Other: 5 });
    assert.ok('settings' in r);
    assert.equal(r.settings.outgoingIntegrationRequestsTimeoutMs, 7000);
    assert.deepEqual(r.changed, ['outgoingIntegrationRequestsTimeoutMs']);
    const locked = applyMattermostConfig(defaultSettings, { TeamSettings: { MaxUsersPerTeam: 0 } }, new Set<keyof Settings>(['maxUsersPerTeam']));
    assert.ok('settings' in locked);
    assert.equal(locked.settings.maxUsersPerTeam, defaultSettings.maxUsersPerTeam);
    const bad = applyMattermostConfig(defaultSettings, { TeamSettings: { MaxUsersPerTeam: 1.5 } });
    assert.ok('problem' in bad);
    assert.equal(bad.problem.id, 'model.config.is_valid.max_users.app_error');
  });

  it('locks the settings the environment sets', () => {
    assert.deepEqual(envLockedSettings({ PARLEY_SITE_NAME: 'X', PARLEY_SMTP_URL: 'smtp://h', PARLEY_ENABLE_COMMANDS: '' }).sort(), ['siteName', 'smtpUrl']);
    assert.deepEqual(loadConfig({ PARLEY_ENABLE_OPEN_SERVER: 'true' }).lockedSettings, ['enableOpenServer']);
  });
});
