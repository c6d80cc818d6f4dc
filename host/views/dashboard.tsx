import type { NotificationRow } from '../db/schema.ts';
import { formatTime, LevelBadge } from './components.tsx';

export interface DashboardProps {
  teamName: string;
  servers: number;
  managers: number;
  applications: number;
  unread: number;
  recent: NotificationRow[];
}

export function Dashboard(props: DashboardProps) {
  return (
    <>
      <h1>Dashboard</h1>
      <p class="muted">Team {props.teamName}</p>
      <div class="cards">
        <a class="card" href="/servers">
          <div class="stat">{props.servers}</div>
          <div class="muted">servers, {props.managers} swarm managers</div>
        </a>
        <a class="card" href="/applications">
          <div class="stat">{props.applications}</div>
          <div class="muted">applications</div>
        </a>
        <a class="card" href="/notifications">
          <div class="stat">{props.unread}</div>
          <div class="muted">unread notifications</div>
        </a>
      </div>
      <section class="card">
        <h2>Recent notifications</h2>
        {props.recent.length === 0 ? (
          <p class="muted">Nothing yet.</p>
        ) : (
          <table>
            <tbody>
              {props.recent.map((n) => (
                <tr>
                  <td>
                    <LevelBadge level={n.level} />
                  </td>
                  <td>{n.title}</td>
                  <td class="muted">{formatTime(n.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
