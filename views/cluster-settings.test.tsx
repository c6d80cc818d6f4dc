import { describe, expect, it } from 'vitest';
import { expectInert, HOSTILE, render, tagWith } from '../test/support/rendered-view.ts';
import { ClusterSettingsForm, DeleteClusterConfirm, NotificationPreferencesForm, TeamNotificationsPage } from './cluster-settings.tsx';

const defaults = { syncIntervalSeconds: 60, eventRetentionDays: 7, shortServiceGraceSeconds: 60, nodeResourceRefreshSeconds: 60, autoLinkNodes: true };

describe('ClusterSettingsForm', () => {
  it("shows the cluster's own values, leaves the others empty with the default beside them", async () => {
    const html = await render(
      <ClusterSettingsForm
        action="/s"
        settings={{ ...defaults, syncIntervalSeconds: 5, autoLinkNodes: false }}
        defaults={defaults}
        changed={['syncIntervalSeconds', 'autoLinkNodes']}
        canEdit
      />,
    );
    expect(tagWith(html, 'id="cl-set-syncIntervalSeconds"')).toContain('value="5"');
    expect(tagWith(html, 'id="cl-set-eventRetentionDays"')).toContain('value=""');
    expect(html).toContain('(days; default 7)');
    expect(tagWith(html, 'value="off"')).toContain('selected');
  });

  it('keeps what was typed with the message beside the field; a viewer sees it disabled, with no button', async () => {
    const html = await render(
      <ClusterSettingsForm
        action="/s"
        settings={defaults}
        defaults={defaults}
        changed={[]}
        values={{ syncIntervalSeconds: '2' }}
        errors={{ syncIntervalSeconds: 'syncIntervalSeconds is at least 5 s' }}
        canEdit
      />,
    );
    expect(tagWith(html, 'id="cl-set-syncIntervalSeconds"')).toContain('value="2"');
    expect(html).toContain('<span class="cl-field-error" id="cl-set-syncIntervalSeconds-error">syncIntervalSeconds is at least 5 s</span>');
    const readOnly = await render(<ClusterSettingsForm action="/s" settings={defaults} defaults={defaults} changed={[]} canEdit={false} />);
    expect(tagWith(readOnly, 'id="cl-set-syncIntervalSeconds"')).toContain('disabled');
    expect(readOnly).not.toContain('Save settings');
  });
});

describe('NotificationPreferencesForm', () => {
  it("offers the team's choice, at once, digest and never for each kind, the cluster's own selected", async () => {
    const html = await render(
      <NotificationPreferencesForm
        action="/n"
        canEdit
        kinds={[
          { kind: 'node.down', label: 'Node down', clusterMode: null, teamMode: 'immediate' },
          { kind: 'node.ready', label: 'Node ready again', clusterMode: 'off', teamMode: 'digest' },
        ]}
      />,
    );
    expect(html).toContain('As the team: at once');
    expect(html).toContain('As the team: in a digest');
    expect(tagWith(html, 'value="off" selected')).not.toBeNull();
  });
});

describe('TeamNotificationsPage', () => {
  it("offers the default, at once, digest and never for each kind, the team's own choice selected, posting to the team's action", async () => {
    const html = await render(
      <TeamNotificationsPage
        action="/clusters/notifications"
        clustersUrl="/clusters"
        canEdit
        kinds={[
          { kind: 'node.down', label: 'Node down', clusterMode: null, teamMode: 'off', teamChoice: 'off', defaultMode: 'immediate' },
          { kind: 'node.ready', label: HOSTILE, clusterMode: null, teamMode: 'digest', teamChoice: null, defaultMode: 'digest' },
        ]}
      />,
    );
    expect(html).toContain('Notifications for all clusters');
    expect(html).toContain('hx-post="/clusters/notifications"');
    expect(html).toContain('Default: at once');
    expect(html).toContain('Default: in a digest');
    expect(html).not.toContain('As the team');
    expect(tagWith(html, 'value="off" selected')).not.toBeNull();
    expect(html).toContain('<a href="/clusters">Clusters</a>');
    expectInert(html);
  });

  it('shows the choices without a save button to those who may not change them', async () => {
    const html = await render(<TeamNotificationsPage action="/n" clustersUrl="/clusters" canEdit={false} kinds={[]} />);
    expect(html).not.toContain('Save notifications');
  });
});

describe('DeleteClusterConfirm', () => {
  it('names what is forgotten and says the swarm is untouched, escaping the name', async () => {
    const html = await render(<DeleteClusterConfirm action="/d" cancelUrl="/d?cancel=1" name={HOSTILE} linkedServers={3} storedEvents={1} />);
    expect(html).toContain('its links to 3 known servers');
    expect(html).toContain('its 1 stored swarm event.');
    expect(html).toContain('The swarm itself is untouched:');
    expectInert(html);
  });
});
