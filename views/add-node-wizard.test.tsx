import { describe, expect, it } from 'vitest';
import { expectInert, HOSTILE, render } from '../test/support/rendered-view.ts';
import { nodeSummary } from '../test/support/swarm-summaries-fixture.ts';
import { AddNodeWizard, JoinCommandStep, NodeJoined, WaitingForNode } from './add-node-wizard.tsx';

describe('AddNodeWizard', () => {
  it('offers the role choice to those who may see the join command', async () => {
    const html = await render(<AddNodeWizard base="/clusters/c1" canJoin={true} role="admin" />);
    expect(html).toContain('hx-get="/clusters/c1/add-node/command"');
    expect(html).toContain('<input type="radio" name="role" value="worker" checked=""/>');
    expect(html).toContain('value="manager"');
  });

  it('tells others why they get no join command, and offers no form', async () => {
    const html = await render(<AddNodeWizard base="/clusters/c1" canJoin={false} role="member" />);
    expect(html).not.toContain('<form');
    expect(html).toContain('Only admins and owners can see the join command (your role is member).');
  });
});

describe('JoinCommandStep', () => {
  it('shows the command as text, warns it is a secret, and waits for the node', async () => {
    const html = await render(
      <JoinCommandStep role="worker" command="docker swarm join --token SWMTKN-1-x 10.0.0.1:2377" managerAddr={HOSTILE} stale={false} waitUrl="/w" />,
    );
    expect(html).toContain('<code>docker swarm join --token SWMTKN-1-x 10.0.0.1:2377</code>');
    expect(html).toContain('treat it as a secret');
    expect(html).toContain('hx-get="/w"');
    expect(html).not.toContain('No manager answered');
    expectInert(html, 1);
  });

  it('says when the token is the one stored at the last sync', async () => {
    expect(await render(<JoinCommandStep role="manager" command="c" managerAddr="m" stale={true} waitUrl="/w" />)).toContain('No manager answered just now');
  });
});

describe('WaitingForNode', () => {
  it('polls every 2 s and shows why it is still trying, as text', async () => {
    const html = await render(<WaitingForNode waitUrl="/w" problem={HOSTILE} />);
    expect(html).toContain('hx-trigger="every 2s"');
    expectInert(html, 1);
  });
});

describe('NodeJoined', () => {
  it('names each joined node and its server as text, with the label editor for it', async () => {
    const node = nodeSummary({ id: 'n1', hostname: HOSTILE, ip: null, labels: { zone: 'a' } });
    const html = await render(<NodeJoined base="/clusters/c1" joined={[{ node, server: { name: HOSTILE } }]} />);
    expect(html).toContain('(no address yet) joined as a worker');
    expect(html).toContain('data-label-editor="n1"');
    expect(html).toContain('href="/clusters/c1"');
    expect(html).not.toContain('<img');
  });
});
