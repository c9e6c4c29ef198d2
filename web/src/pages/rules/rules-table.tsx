import { describeTarget, evaluationOrder } from './rule-order';
import type { Rule } from './types';

export function RulesTable({
  rules,
  onEdit,
  onDelete,
}: {
  rules: Rule[];
  onEdit: (rule: Rule) => void;
  onDelete: (rule: Rule) => void;
}) {
  if (rules.length === 0) {
    return (
      <p className="card muted">
        No rules: every request goes by its model’s strategy. Add one to send some requests
        elsewhere.
      </p>
    );
  }
  return (
    <div className="table-wrap">
      <table className="rules-table">
        <caption className="muted">
          A request meets its model’s rules in order, then the global rules; the first that matches
          chooses the targets.
        </caption>
        <thead>
          <tr>
            <th scope="col">Applies to</th>
            <th scope="col" className="num">
              #
            </th>
            <th scope="col">Condition</th>
            <th scope="col">Targets</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {evaluationOrder(rules).map(({ rule, model, rank }) => {
            const label = `${model ?? 'global'} rule ${rank}`;
            return (
              <tr key={rule.id}>
                <td>{model ?? <span className="badge">global</span>}</td>
                <td className="num">{rank}</td>
                <td className="rule-when-cell">
                  <code>{rule.when}</code>
                </td>
                <td>
                  <ol className="rule-target-list">
                    {rule.targets.map((t, i) => (
                      <li key={i}>{describeTarget(t)}</li>
                    ))}
                  </ol>
                </td>
                <td>
                  <div className="row-actions">
                    <button type="button" onClick={() => onEdit(rule)} aria-label={`Edit ${label}`}>
                      Edit
                    </button>
                    <button
                      type="button"
                      className="danger"
                      onClick={() => onDelete(rule)}
                      aria-label={`Delete ${label}`}
                    >
                      Delete
                    </button>
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
