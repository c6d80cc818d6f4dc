/**
 * The Secrets and Configs sections of a cluster: the list (a live region), create from text or an uploaded
 * file, remove (refused with the services named), rotate with the steps' progress polled from the rotation
 * record, and a config's content. Forms answer htmx with themselves re-rendered (status 200) with the
 * message beside the field; without htmx, with the real status. A value is read from the request and
 * handed to the services, never rendered back.
 */
import { type Context, Hono } from 'hono';
import { RotationPanel } from '../../../views/rotation-progress.tsx';
import {
  ConfigContent,
  ObjectForm,
  type ObjectFormProps,
  ObjectNotice,
  ObjectsRegion,
  ObjectsSection,
  type ObjectUrls,
  RotateForm,
} from '../../../views/swarm-objects.tsx';
import type { HostInfo } from '../../contract/host.ts';
import { objectDataProblem, objectNameSchema, type SwarmObjectKind } from '../../domain/swarm-object-names.ts';
import { describeZodError } from '../../services/cluster-inputs.ts';
import type { PluginServices } from '../../services/plugin-services.ts';
import { objectLabelsSchema } from '../../services/swarm-object-inputs.ts';
import { type PluginEnv, requireAction } from '../auth.ts';
import { reportFailure, reportText } from '../errors.ts';
import { isHtmx, refreshPage } from './operation-support.ts';
import {
  canOperate,
  clusterPage,
  clusterScope,
  clusterUrls,
  htmlFragment,
  isPartial,
  type PageServices,
  renderLive,
  unreachableSince,
} from './page-support.ts';

type Services = PageServices & Pick<PluginServices, 'objects' | 'rotations'>;

const KINDS: SwarmObjectKind[] = ['secret', 'config'];
const TITLES = { secret: 'Secrets', config: 'Configs' } as const;
const CONTENT_FIELD = { secret: 'value', config: 'data' } as const;

type FormErrors = NonNullable<ObjectFormProps['errors']>;

export function swarmObjectRoutes(ctx: Services, info: HostInfo): Hono<PluginEnv> {
  const { objects, rotations } = ctx;
  const app = new Hono<PluginEnv>();
  const scope = clusterScope(ctx);
  const operate = requireAction(ctx.host, 'cluster.operate');

  const urlsOf = (c: Context<PluginEnv>, kind: SwarmObjectKind): ObjectUrls => {
    const base = clusterUrls(info, c.get('cluster').uuid).base;
    const section = `${base}/${kind}s`;
    const one = (id: string) => `${section}/${encodeURIComponent(id)}`;
    return {
      section,
      create: section,
      remove: (id) => `${one(id)}/remove`,
      rotateForm: (id) => `${one(id)}/rotate`,
      rotate: (id) => `${one(id)}/rotate`,
      view: one,
      rotation: (id) => `${base}/rotations/${encodeURIComponent(id)}`,
      service: (id) => `${base}/services?open=${encodeURIComponent(id)}`,
    };
  };
  const rotationUrls = (c: Context<PluginEnv>, id: string) => {
    const url = `${clusterUrls(info, c.get('cluster').uuid).base}/rotations/${encodeURIComponent(id)}`;
    return { url, resumeUrl: `${url}/resume` };
  };
  /** A form's status: htmx swaps only 2xx, so a refusal it should show is a 200. */
  const formStatus = (c: Context, status: number) => (isHtmx(c) ? 200 : status) as 200;

  async function region(c: Context<PluginEnv>, kind: SwarmObjectKind) {
    const urls = urlsOf(c, kind);
    return renderLive(c, ctx, { id: `cl-${kind}s`, url: urls.section }, async () => {
      const cluster = c.get('cluster');
      const { data, ...meta } = await objects.list(cluster, kind);
      return ObjectsRegion({
        kind,
        objects: data,
        meta,
        since: unreachableSince(cluster),
        rotations: rotations.list(cluster, kind),
        urls,
        canOperate: await canOperate(ctx, c.get('principal'), c.get('clusterServers')),
      });
    });
  }

  for (const kind of KINDS) {
    app.get(`/:uuid/${kind}s`, scope, async (c) => {
      const live = await region(c, kind);
      if (isPartial(c)) return htmlFragment(c, live);
      const form = { kind, action: urlsOf(c, kind).create };
      const section = ObjectsSection({ region: live, canOperate: await canOperate(ctx, c.get('principal'), c.get('clusterServers')), form });
      return clusterPage(c, ctx, info, { title: TITLES[kind], section: `${kind}s`, children: section });
    });

    app.post(`/:uuid/${kind}s`, scope, operate, async (c) => {
      const action = urlsOf(c, kind).create;
      const form = await readObjectForm(kind, await c.req.parseBody());
      if (!form.ok) return htmlFragment(c, ObjectForm({ kind, action, values: form.values, errors: form.errors }), formStatus(c, 400));
      try {
        const created = await objects.create(c.get('cluster'), c.get('principal'), kind, form.input);
        refreshPage(c);
        return htmlFragment(c, ObjectForm({ kind, action, notice: { tone: 'ok', message: `${created.name} was created.` } }));
      } catch (error) {
        const report = await reportFailure(c, ctx.host, error);
        const errors = report.status === 409 ? { name: report.message } : {};
        const notice = report.status === 409 ? undefined : { tone: 'error' as const, message: reportText(report) };
        return htmlFragment(c, ObjectForm({ kind, action, values: form.values, errors, notice }), formStatus(c, report.status));
      }
    });

    app.post(`/:uuid/${kind}s/:id/remove`, scope, operate, async (c) => {
      try {
        const removed = await objects.remove(c.get('cluster'), c.get('principal'), kind, c.req.param('id'));
        refreshPage(c);
        return htmlFragment(c, ObjectNotice({ tone: 'ok', message: `${removed.name} was removed.` }));
      } catch (error) {
        const report = await reportFailure(c, ctx.host, error);
        return htmlFragment(c, ObjectNotice({ tone: 'error', message: reportText(report) }), formStatus(c, report.status));
      }
    });

    app.get(`/:uuid/${kind}s/:id/rotate`, scope, operate, async (c) => {
      const { data: object } = await objects.get(c.get('cluster'), kind, c.req.param('id'));
      return htmlFragment(c, RotateForm({ kind, object, action: urlsOf(c, kind).rotate(object.id) }));
    });

    app.post(`/:uuid/${kind}s/:id/rotate`, scope, operate, async (c) => {
      const ref = c.req.param('id');
      const object = { id: ref, name: ref };
      const action = urlsOf(c, kind).rotate(ref);
      const content = await readContent(kind, await c.req.parseBody());
      if ('error' in content) return htmlFragment(c, RotateForm({ kind, object, action, error: content.error }), formStatus(c, 400));
      try {
        const rotation = await rotations.start(c.get('cluster'), c.get('principal'), kind, ref, content.bytes);
        refreshPage(c);
        return htmlFragment(c, RotationPanel({ rotation, ...rotationUrls(c, rotation.id), canOperate: true }));
      } catch (error) {
        const report = await reportFailure(c, ctx.host, error);
        return htmlFragment(c, RotateForm({ kind, object, action, error: reportText(report) }), formStatus(c, report.status));
      }
    });
  }

  app.get('/:uuid/configs/:id', scope, async (c) => {
    const { data: config } = await objects.config(c.get('cluster'), c.req.param('id'));
    const view = ConfigContent({ config, back: urlsOf(c, 'config').section });
    return clusterPage(c, ctx, info, { title: config.name, section: 'configs', children: view });
  });

  // Polled by the rotation panel while it runs; a read, so viewers may watch it too.
  app.get('/:uuid/rotations/:rotationId', scope, async (c) => {
    const rotation = rotations.get(c.get('cluster'), c.req.param('rotationId'));
    const panel = RotationPanel({ rotation, ...rotationUrls(c, rotation.id), canOperate: await canOperate(ctx, c.get('principal'), c.get('clusterServers')) });
    if (isPartial(c)) {
      if (rotation.status !== 'running') refreshPage(c);
      return htmlFragment(c, panel);
    }
    return clusterPage(c, ctx, info, { title: `Rotation of ${rotation.from.name}`, section: `${rotation.kind}s`, children: panel });
  });

  app.post('/:uuid/rotations/:rotationId/resume', scope, operate, async (c) => {
    const rotation = rotations.resume(c.get('cluster'), c.get('principal'), c.req.param('rotationId'));
    return htmlFragment(c, RotationPanel({ rotation, ...rotationUrls(c, rotation.id), canOperate: true }));
  });

  return app;
}

type ReadForm =
  | { ok: true; values: { name: string; labels: string }; input: { name: string; labels: Record<string, string>; content: Uint8Array } }
  | { ok: false; values: { name: string; labels: string }; errors: FormErrors };

/** The create form's fields, checked as the API checks them; the content never goes into `values`. */
async function readObjectForm(kind: SwarmObjectKind, body: Record<string, unknown>): Promise<ReadForm> {
  const values = { name: text(body.name), labels: text(body.labels) };
  const errors: FormErrors = {};
  const name = objectNameSchema.safeParse(values.name);
  if (!name.success) errors.name = name.error.issues[0]!.message;
  const labels = parseLabels(values.labels);
  if ('error' in labels) errors.labels = labels.error;
  const content = await readContent(kind, body);
  if ('error' in content) errors.content = content.error;
  if (!name.success || 'error' in labels || 'error' in content) return { ok: false, values, errors };
  return { ok: true, values, input: { name: name.data, labels: labels.labels, content: content.bytes } };
}

/** The uploaded file when one was chosen, else the text field. */
async function readContent(kind: SwarmObjectKind, body: Record<string, unknown>): Promise<{ bytes: Uint8Array } | { error: string }> {
  const file = body.file;
  const typed = body[CONTENT_FIELD[kind]];
  let bytes: Uint8Array;
  if (file instanceof File && file.size > 0) bytes = new Uint8Array(await file.arrayBuffer());
  else if (typeof typed === 'string') bytes = new TextEncoder().encode(typed);
  else return { error: `give the ${kind}'s content as text or a file` };
  const problem = objectDataProblem(kind, bytes.length);
  return problem ? { error: problem } : { bytes };
}

/** `key=value` lines (blank lines skipped), checked with the API's label rules. */
function parseLabels(lines: string): { labels: Record<string, string> } | { error: string } {
  const labels: Record<string, string> = {};
  for (const [index, line] of lines.split(/\r?\n/).entries()) {
    if (!line.trim()) continue;
    const at = line.indexOf('=');
    if (at < 0) return { error: `line ${index + 1}: write a label as key=value` };
    labels[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  const parsed = objectLabelsSchema.safeParse(labels);
  return parsed.success ? { labels: parsed.data } : { error: describeZodError(parsed.error).message };
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
