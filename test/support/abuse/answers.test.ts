import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { databaseSnapshot, leakIn, notApiError } from './answers.ts';

describe('abuse answers', () => {
  it('finds stack frames, source paths, internal addresses and SSH user@host:port', () => {
    expect(leakIn('Error: boom\n    at handler (/work/main/src/routes/api/clusters.ts:10:5)')).toMatch(/^a stack frame/);
    expect(leakIn('failed in /work/main/src/docker/ssh-transport.ts')).toMatch(/^a source path/);
    expect(leakIn('no manager answered: m1 (10.232.80.2)')).toMatch(/^a private address/);
    expect(leakIn('ssh deploy@manager.internal:2222: handshake timed out')).toMatch(/^an SSH user@host:port/);
    expect(leakIn('{"error":{"code":"forbidden","message":"this token is read-only"}}')).toBeNull();
    expect(leakIn('<option>m1 (10.232.80.2)</option>', ['10.232.80.2'])).toBeNull();
  });

  it("tells the API's error shape from anything else", () => {
    expect(notApiError('{"error":{"code":"not_found","message":"cluster not found"}}')).toBeNull();
    expect(notApiError('{"error":"not found"}')).toMatch(/not \{"error"/);
    expect(notApiError('Forbidden')).toMatch(/^not JSON/);
  });

  it('snapshots every table, leaving out when a token was last used', () => {
    const sqlite = new Database(':memory:');
    sqlite.exec("CREATE TABLE api_tokens (id TEXT, last_used_at INTEGER); INSERT INTO api_tokens VALUES ('t1', 1)");
    const before = databaseSnapshot(sqlite);
    sqlite.exec('UPDATE api_tokens SET last_used_at = 2');
    expect(databaseSnapshot(sqlite)).toEqual(before);
    sqlite.exec("INSERT INTO api_tokens VALUES ('t2', 3)");
    expect(databaseSnapshot(sqlite)).not.toEqual(before);
  });
});
