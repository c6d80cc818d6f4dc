import { beforeEach, describe, expect, it } from 'vitest';
import type { OpenedDatabase } from '../db/open.ts';
import { openTwoTeamDatabase } from '../testing.ts';
import { parseInput } from '../validation.ts';
import { channelInput, countUnread, createChannel, enabledWebhooks, insertNotification, listNotifications, markAllRead } from './notifications.ts';

const notification = { event: 'node.down', level: 'error', title: 'Node down', message: 'n2' } as const;

describe('notifications store', () => {
  let opened: OpenedDatabase;
  let teamId: string;
  let otherTeamId: string;

  beforeEach(() => {
    ({ opened, teamId, otherTeamId } = openTwoTeamDatabase());
  });

  it('keeps an inbox per team, newest first, with unread counts', () => {
    insertNotification(opened.db, { teamId, notification });
    insertNotification(opened.db, { teamId, notification: { ...notification, title: 'Second' } });
    insertNotification(opened.db, { teamId: otherTeamId, notification });
    expect(listNotifications(opened.db, { teamId }).map((n) => n.title)).toEqual(['Second', 'Node down']);
    expect(countUnread(opened.db, teamId)).toBe(2);
    markAllRead(opened.db, teamId);
    expect(countUnread(opened.db, teamId)).toBe(0);
    expect(countUnread(opened.db, otherTeamId)).toBe(1);
  });

  it('lists the enabled webhooks of the team', () => {
    const channel = createChannel(opened.db, { teamId, url: 'http://127.0.0.1:9/hook' });
    expect(enabledWebhooks(opened.db, teamId)).toEqual([channel]);
    expect(enabledWebhooks(opened.db, otherTeamId)).toEqual([]);
  });

  it('accepts only http(s) URLs for channels', () => {
    expect(parseInput(channelInput, { url: 'https://hooks.example/x' }).url).toBe('https://hooks.example/x');
    expect(() => parseInput(channelInput, { url: 'file:///etc/passwd' })).toThrow('url: must be an http(s) URL');
    expect(() => parseInput(channelInput, {})).toThrow('url: is required');
  });
});
