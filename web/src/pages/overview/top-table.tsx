import { formatInt, formatUsd } from '../../components/format';
import { NONE } from './pivot';
import type { UsageGroup } from './types';

export type TopSort = 'cost' | 'requests';

/** The groups biggest first by cost or requests (ties by name), at most `limit`. */
export function topGroups(groups: UsageGroup[], sort: TopSort, limit = 10): UsageGroup[] {
  const measure = (g: UsageGroup) => (sort === 'cost' ? g.cost_usd : g.requests);
  return [...groups]
    .sort((a, b) => measure(b) - measure(a) || b.requests - a.requests)
    .slice(0, limit);
}

interface Props {
  title: string;
  /** Header of the name column. */
  nameHeader: string;
  name(group: UsageGroup): string | null | undefined;
  groups: UsageGroup[] | undefined;
  sort: TopSort;
}

export function TopTable({ title, nameHeader, name, groups, sort }: Props) {
  const rows = groups ? topGroups(groups, sort) : [];
  return (
    <section className="card overview-top">
      <h2>{title}</h2>
      {groups && rows.length === 0 ? (
        <p className="muted">No requests in this range.</p>
      ) : (
        <div className="table-wrap">
          <table aria-label={title}>
            <thead>
              <tr>
                <th scope="col">{nameHeader}</th>
                <th scope="col" className="num">
                  Requests
                </th>
                <th scope="col" className="num">
                  Input tokens
                </th>
                <th scope="col" className="num">
                  Output tokens
                </th>
                <th scope="col" className="num">
                  Cost
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((g) => {
                const label = name(g) ?? NONE;
                return (
                  <tr key={label}>
                    <th scope="row">{label}</th>
                    <td className="num">{formatInt(g.requests)}</td>
                    <td className="num">{formatInt(g.prompt_tokens)}</td>
                    <td className="num">{formatInt(g.completion_tokens)}</td>
                    <td className="num">{formatUsd(g.cost_usd)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
