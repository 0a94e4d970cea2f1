// Password rules (PasswordSettings): one check for sign-up, password change and admin change, with
// Mattermost's model.user.is_valid.pwd_* ids; the client config tells clients the rules.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { UserProfile } from '@mattermost/types/users';
import { client, engines, expectClientError, makeAdmin, makeUser, PASSWORD, startTestServer, uniqueName, type TestServer, type TestUser } from '../harness.js';

const STRONG = 'Abcdefgh1!xyz';

for (const engine of engines()) {
  describe(`password policy [${engine}]`, () => {
    let srv: TestServer;
    let admin: TestUser;

    before(async () => {
      srv = await startTestServer(engine, {
        passwordMinimumLength: 10,
        passwordRequireLowercase: true,
        passwordRequireUppercase: true,
        passwordRequireNumber: true,
        passwordRequireSymbol: true,
      });
      // The harness password (Passw0rd!long) meets every rule.
      admin = await makeAdmin(srv.url);
    });
    after(() => srv.close());

    const newUser = (password: string) => {
      const username = uniqueName();
      return admin.client.createUser({ username, email: `${username}@example.com`, password } as UserProfile, '', '');
    };

    it('refuses weak passwords at sign-up with the id naming every missing class', async () => {
      const cases: Array<[string, string]> = [
        ['Ab1!', 'model.user.is_valid.pwd_min_length.app_error'],
        [`Ab1!${'x'.repeat(69)}`, 'model.user.is_valid.pwd_max_length.app_error'],
        ['ABCDEFGH1!XY', 'model.user.is_valid.pwd_lowercase.app_error'],
        ['abcdefgh1!xy', 'model.user.is_valid.pwd_uppercase.app_error'],
        ['Abcdefgh!xyz', 'model.user.is_valid.pwd_number.app_error'],
        ['Abcdefgh1xyz', 'model.user.is_valid.pwd_symbol.app_error'],
        ['!!!!!!!!!!!!', 'model.user.is_valid.pwd_lowercase_uppercase_number.app_error'],
        ['abcdefghijkl', 'model.user.is_valid.pwd_uppercase_number_symbol.app_error'],
      ];
      const before = (await admin.client.getProfiles(0, 200)).length;
      for (const [password, id] of cases) await expectClientError(() => newUser(password), 400, id);
      assert.equal((await admin.client.getProfiles(0, 200)).length, before, 'no refused sign-up created a user');
      // Length counts bytes, as Mattermost: these 9 characters are 10 bytes.
      await newUser('äBcdefg1!');
      assert.ok((await newUser(STRONG)).id);
    });

    it('applies the same rules to password changes by the user and by an admin, changing nothing when refused', async () => {
      const bob = await makeUser(srv.url, admin.client);
      await expectClientError(() => bob.client.updateUserPassword(bob.user.id, PASSWORD, 'weakpassword'), 400, 'model.user.is_valid.pwd_uppercase_number_symbol.app_error');
      await expectClientError(() => admin.client.updateUserPassword(bob.user.id, '', 'Short1!'), 400, 'model.user.is_valid.pwd_min_length.app_error');
      await client(srv.url).login(bob.user.username, PASSWORD);
      await bob.client.updateUserPassword(bob.user.id, PASSWORD, STRONG);
      await client(srv.url).login(bob.user.username, STRONG);
    });

    it('exposes the rules in the client config', async () => {
      const config = await client(srv.url).getClientConfig();
      assert.equal(config.PasswordMinimumLength, '10');
      assert.equal(config.PasswordRequireLowercase, 'true');
      assert.equal(config.PasswordRequireUppercase, 'true');
      assert.equal(config.PasswordRequireNumber, 'true');
      assert.equal(config.PasswordRequireSymbol, 'true');
    });
  });
}
