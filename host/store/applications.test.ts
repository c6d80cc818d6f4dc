import { beforeEach, describe, expect, it } from 'vitest';
import { createCipher, generateHostKey } from '../crypto.ts';
import type { OpenedDatabase } from '../db/open.ts';
import { openTwoTeamDatabase, TEST_PRIVATE_KEY } from '../testing.ts';
import { createApplication, getApplication, listApplications, saveSwarmSettings } from './applications.ts';
import { createServer } from './servers.ts';

describe('applications store', () => {
  let opened: OpenedDatabase;
  let teamId: string;
  let otherTeamId: string;
  let serverId: string;

  beforeEach(() => {
    ({ opened, teamId, otherTeamId } = openTwoTeamDatabase());
    serverId = createServer(opened.db, createCipher(generateHostKey()), {
      teamId,
      name: 's',
      ip: '10.0.0.1',
      port: 22,
      user: 'root',
      privateKey: TEST_PRIVATE_KEY,
      swarmManager: true,
      swarmWorker: false,
      dockerSocketPath: '/var/run/docker.sock',
    }).id;
  });

  it('creates an application on a server of the team', () => {
    const app = createApplication(opened.db, { teamId, name: 'web', serverId });
    expect(app).toEqual({
      uuid: expect.any(String),
      teamId,
      name: 'web',
      serverId,
      image: 'lab/busybox:latest',
      command: 'sleep 3600',
      swarmSettings: null,
    });
    expect(listApplications(opened.db, teamId)).toEqual([app]);
  });

  it('keeps a given image with its own CMD unless a command is given', () => {
    const own = createApplication(opened.db, { teamId, name: 'a', serverId, image: 'nginx:1.27' });
    expect(own).toMatchObject({ image: 'nginx:1.27', command: null });
    const both = createApplication(opened.db, { teamId, name: 'b', serverId, image: 'nginx:1.27', command: 'nginx -g "daemon off;"' });
    expect(both).toMatchObject({ image: 'nginx:1.27', command: 'nginx -g "daemon off;"' });
  });

  it('refuses another team’s server as if it did not exist', () => {
    expect(() => createApplication(opened.db, { teamId: otherTeamId, name: 'web', serverId })).toThrow('server not found');
    expect(listApplications(opened.db, otherTeamId)).toEqual([]);
  });

  it('saves and reads swarm settings within the team only', () => {
    const { uuid } = createApplication(opened.db, { teamId, name: 'web', serverId });
    const settings = { mode: 'replicated', replicas: 3, placement: { constraints: ['node.role == worker'] } };
    saveSwarmSettings(opened.db, { teamId, uuid, settings });
    expect(getApplication(opened.db, { teamId, uuid })?.swarmSettings).toEqual(settings);
    expect(getApplication(opened.db, { teamId: otherTeamId, uuid })).toBeNull();
    expect(() => saveSwarmSettings(opened.db, { teamId: otherTeamId, uuid, settings: {} })).toThrow('application not found');
    expect(getApplication(opened.db, { teamId, uuid })?.swarmSettings).toEqual(settings);
  });
});
