import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { encodeId, isValidId, newId } from '../../src/platform/ids.js';
import { DEFAULT_ITERATIONS, hashPassword, verifyPassword } from '../../src/platform/password.js';
import { parseListen } from '../../src/config/config.js';
import { memberRoles } from '../../src/permissions/check.js';

describe('ids', () => {
  it('are 26 chars from the Mattermost alphabet', () => {
    for (let i = 0; i < 1000; i++) {
      const id = newId();
      assert.match(id, /^[ybndrfg8ejkmcpqxot1uwisza345h769]{26}$/);
      assert.ok(isValidId(id));
    }
  });
  it('encode 16 zero bytes as y×26 and are injective', () => {
    assert.equal(encodeId(new Uint8Array(16)), 'y'.repeat(26));
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.uint8Array({ minLength: 16, maxLength: 16 }), (a, b) => {
        const same = a.every((v, i) => v === b[i]);
        return same === (encodeId(a) === encodeId(b));
      }),
    );
  });
});

describe('passwords', () => {
  it('hash in Mattermost v11 PBKDF2 format with the production cost by default', async () => {
    const hash = await hashPassword('correct horse');
    assert.match(hash, new RegExp(`^\\$pbkdf2\\$f=SHA256,w=${DEFAULT_ITERATIONS},l=32\\$[A-Za-z0-9+/]+\\$[A-Za-z0-9+/]+$`));
    assert.equal(await verifyPassword('correct horse', hash), true);
    assert.equal(await verifyPassword('correct horsE', hash), false);
  });
  it('reject malformed stored hashes', async () => {
    assert.equal(await verifyPassword('x', ''), false);
    assert.equal(await verifyPassword('x', '$2a$10$abcdefghijklmnopqrstuv'), false);
    assert.equal(await verifyPassword('x', '$pbkdf2$f=SHA256,w=0,l=32$AAAA$AAAA'), false);
  });
});

describe('config', () => {
  it('parses PARLEY_LISTEN forms', () => {
    assert.deepEqual(parseListen(':8065'), { host: '0.0.0.0', port: 8065 });
    assert.deepEqual(parseListen('127.0.0.1:9000'), { host: '127.0.0.1', port: 9000 });
    assert.deepEqual(parseListen('[::1]:9000'), { host: '::1', port: 9000 });
    assert.throws(() => parseListen('8065x'));
    assert.throws(() => parseListen(':70000'));
  });
});

describe('member roles', () => {
  it('derive from scheme flags plus explicit roles', () => {
    assert.equal(memberRoles('team', { roles: '', scheme_guest: false, scheme_user: true, scheme_admin: false }), 'team_user');
    assert.equal(memberRoles('channel', { roles: '', scheme_guest: false, scheme_user: true, scheme_admin: true }), 'channel_user channel_admin');
    assert.equal(memberRoles('team', { roles: 'team_post_all team_user', scheme_guest: false, scheme_user: true, scheme_admin: false }), 'team_post_all team_user');
  });
});
