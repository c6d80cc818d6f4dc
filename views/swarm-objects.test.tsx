import { describe, expect, it } from 'vitest';
import type { RotationSummary } from '../src/domain/rotation-plan.ts';
import type { SwarmObjectSummary } from '../src/domain/swarm-object-summary.ts';
import { expectInert, HOSTILE, render, tagWith } from '../test/support/rendered-view.ts';
import { ConfigContent, ObjectForm, ObjectsRegion, type ObjectUrls, RotateForm } from './swarm-objects.tsx';

const BASE = '/clusters/c1';
const urls: ObjectUrls = {
  section: `${BASE}/secrets`,
  create: `${BASE}/secrets`,
  remove: (id) => `${BASE}/secrets/${id}/remove`,
  rotateForm: (id) => `${BASE}/secrets/${id}/rotate`,
  rotate: (id) => `${BASE}/secrets/${id}/rotate`,
  view: (id) => `${BASE}/configs/${id}`,
  rotation: (id) => `${BASE}/rotations/${id}`,
  service: (id) => `${BASE}/services?open=${id}`,
};
const secret = (patch: Partial<SwarmObjectSummary> = {}): SwarmObjectSummary => ({
  id: 'x1',
  name: 'db-password-v2',
  createdAt: '2026-11-30T06:00:00Z',
  updatedAt: '2026-11-30T06:00:00Z',
  labels: { tier: 'db' },
  usedBy: [
    { id: 's1', name: 'api' },
    { id: 's2', name: 'web' },
  ],
  family: 'db-password',
  version: 2,
  createdBy: 'owner@example.com',
  rotatedFrom: 'db-password',
  ...patch,
});
const rotation: RotationSummary = {
  id: 'r1',
  kind: 'secret',
  family: 'db-password',
  from: { id: 'x0', name: 'db-password' },
  to: { id: 'x1', name: 'db-password-v2' },
  status: 'completed',
  steps: [],
  summary: null,
  startedBy: 'owner@example.com',
  createdAt: '2026-11-30T06:00:00Z',
  updatedAt: '2026-11-30T06:00:00Z',
};

const FRESH = { stale: false, fetchedAt: '2026-11-30T10:00:00.000Z' };

describe('ObjectsRegion', () => {
  it('lists each secret with its version, labels and the services using it linked, and the rotation history', async () => {
    const html = await render(
      <ObjectsRegion meta={FRESH} since={null} kind="secret" objects={[secret()]} rotations={[rotation]} urls={urls} canOperate={true} />,
    );
    expect(html).toContain('id="cl-secrets"');
    expect(html).toContain(`hx-get="${BASE}/secrets"`);
    expect(html).toContain('v2 of db-password');
    expect(html).toContain('rotated from db-password');
    expect(html).toContain('tier=db');
    expect(html).toContain(`<a href="${BASE}/services?open=s1">api</a>, <a href="${BASE}/services?open=s2">web</a>`);
    expect(html).toContain(`hx-post="${BASE}/secrets/x1/remove"`);
    expect(html).toContain(`hx-get="${BASE}/secrets/x1/rotate"`);
    expect(html).toContain(`<a href="${BASE}/rotations/r1">completed</a>`);
  });

  it('gives a viewer the list without write controls; configs get a view link', async () => {
    const viewer = await render(<ObjectsRegion meta={FRESH} since={null} kind="secret" objects={[secret()]} rotations={[]} urls={urls} canOperate={false} />);
    expect(viewer).not.toContain('hx-post');
    expect(viewer).not.toContain('/rotate');
    expect(viewer).not.toContain('Rotation history');
    const configs = await render(
      <ObjectsRegion meta={FRESH} since={null} kind="config" objects={[secret({ name: 'nginx' })]} rotations={[]} urls={urls} canOperate={false} />,
    );
    expect(configs).toContain(`href="${BASE}/configs/x1"`);
  });

  it('says when the list is the last known one because no manager answered', async () => {
    const meta = { stale: true, fetchedAt: '2026-11-30T10:00:00.000Z', reason: 'no manager of the cluster answered: m1: timed out' };
    const html = await render(<ObjectsRegion meta={meta} since={null} kind="secret" objects={[secret()]} rotations={[]} urls={urls} canOperate={false} />);
    expect(html).toContain('Manager unreachable');
    expect(html).toContain('no manager of the cluster answered: m1: timed out');
    expect(html).toContain('v2 of db-password');
    expect(await render(<ObjectsRegion meta={FRESH} since={null} kind="secret" objects={[]} rotations={[]} urls={urls} canOperate={false} />)).not.toContain(
      'Manager unreachable',
    );
  });

  it('renders names, labels and users from Docker as text', async () => {
    const hostile = secret({ name: HOSTILE, labels: { [HOSTILE]: HOSTILE }, usedBy: [{ id: 's1', name: HOSTILE }], family: HOSTILE });
    expectInert(
      await render(
        <ObjectsRegion
          meta={FRESH}
          since={null}
          kind="secret"
          objects={[hostile]}
          rotations={[{ ...rotation, family: HOSTILE }]}
          urls={urls}
          canOperate={true}
        />,
      ),
    );
  });
});

describe('ObjectForm', () => {
  it('asks a secret value in a password field and a file, and never renders a value back', async () => {
    const html = await render(
      <ObjectForm kind="secret" action={urls.create} values={{ name: 'pw', labels: 'a=b' }} errors={{ content: 'a secret may not be empty' }} />,
    );
    expect(tagWith(html, 'name="value"')).toContain('type="password"');
    expect(tagWith(html, 'name="value"')).not.toContain('value=');
    expect(tagWith(html, 'name="file"')).toContain('type="file"');
    expect(html).toContain('hx-encoding="multipart/form-data"');
    expect(tagWith(html, 'name="name"')).toContain('value="pw"');
    expect(html).toContain('a=b</textarea>');
    expect(html).toContain('<span class="cl-field-error" id="cl-new-secret-content-error">a secret may not be empty</span>');
  });

  it('asks a config content in a textarea', async () => {
    const html = await render(<ObjectForm kind="config" action="/c" />);
    expect(tagWith(html, 'name="data"')).toContain('<textarea');
  });

  it('shows a refusal beside the name, escaped', async () => {
    const html = await render(<ObjectForm kind="secret" action="/c" values={{ name: HOSTILE }} errors={{ name: HOSTILE }} />);
    expectInert(html, 2);
  });
});

describe('RotateForm', () => {
  it('posts the new value from a password field to the rotate URL', async () => {
    const html = await render(
      <RotateForm kind="secret" object={{ id: 'x1', name: 'db-password' }} action={urls.rotate('x1')} error="a secret may not be empty" />,
    );
    expect(html).toContain(`hx-post="${BASE}/secrets/x1/rotate"`);
    expect(tagWith(html, 'name="value"')).toContain('type="password"');
    expect(html).toContain('a secret may not be empty');
  });
});

describe('ConfigContent', () => {
  it('shows the content as escaped text, with a note when it was cut', async () => {
    const html = await render(
      <ConfigContent config={{ ...secret({ name: 'nginx' }), data: HOSTILE, bytes: 100_000, truncated: true }} back={`${BASE}/configs`} />,
    );
    expectInert(html, 1);
    expect(html).toContain(`Only the first ${HOSTILE.length} of 100000 bytes are shown.`);
    const whole = await render(<ConfigContent config={{ ...secret(), data: 'a=1', bytes: 3, truncated: false }} back="/b" />);
    expect(whole).not.toContain('Only the first');
  });
});
