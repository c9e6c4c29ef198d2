import { formatInt, formatMs, formatPercent, formatUsd } from '../../components/format';
import type { Candidate, Explanation } from './types';

/** What the gateway would do with the request: outcome, rule, candidates, order, variables. */
export function ExplainResult({ explanation: x }: { explanation: Explanation }) {
  const session = x.session;
  const sticky = x.sticky_target;
  return (
    <div className="explain-result" aria-label="Explanation" role="region">
      <Outcome explanation={x} />
      <dl className="explain-facts">
        <dt>Model entry</dt>
        <dd>
          <code>{x.model}</code>
        </dd>
        <dt>Strategy</dt>
        <dd>{x.strategy}</dd>
        <dt>Sticky sessions</dt>
        <dd>
          {x.sticky ? 'on' : 'off'}
          {session && <> (session {session}</>}
          {session && (sticky ? <>, pinned to {sticky})</> : ')')}
        </dd>
        <dt>Matching rule</dt>
        <dd className="explain-rule">
          {x.rule ? (
            <>
              {x.rule.scope === 'global' ? 'global' : 'model'} rule {x.rule.index + 1}:{' '}
              <code>{x.rule.when}</code>
            </>
          ) : (
            'none: the model’s own targets and strategy'
          )}
        </dd>
      </dl>
      {x.rule_errors.length > 0 && (
        <div>
          <h3>Rules that failed to evaluate (counted as not matching)</h3>
          <ul>
            {x.rule_errors.map((e, i) => (
              <li key={i}>
                {e.scope} rule {e.index + 1} <code>{e.when}</code>: {e.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      <h3>Candidates</h3>
      <Candidates candidates={x.candidates} />
      <h3>Order</h3>
      {x.order.length > 0 ? (
        <ol className="explain-order" aria-label="Order">
          {x.order.map((t, i) => (
            <li key={i}>
              {t.provider} / {t.model}
            </li>
          ))}
        </ol>
      ) : (
        <p className="muted">No target would be tried.</p>
      )}
      <h3>Variables</h3>
      <div className="table-wrap">
        <table className="explain-variables">
          <thead>
            <tr>
              <th scope="col">Variable</th>
              <th scope="col">Value</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(x.variables).map(([name, value]) => (
              <tr key={name}>
                <th scope="row">
                  <code>{name}</code>
                </th>
                <td>
                  <code>{JSON.stringify(value)}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function Outcome({ explanation: x }: { explanation: Explanation }) {
  if ('first' in x.outcome) {
    return (
      <p className="explain-outcome" role="status">
        <span className="badge ok">routed</span> first to <strong>{x.outcome.first}</strong>
      </p>
    );
  }
  const { error } = x.outcome;
  return (
    <p className="explain-outcome" role="status">
      <span className="badge bad">refused</span> the client would get {error.status} (
      {error.code ?? error.kind}): {error.message}
    </p>
  );
}

function Candidates({ candidates }: { candidates: Candidate[] }) {
  if (candidates.length === 0) return <p className="muted">No target was considered.</p>;
  return (
    <div className="table-wrap">
      <table className="explain-candidates">
        <thead>
          <tr>
            <th scope="col">Target</th>
            <th scope="col">Verdict</th>
            <th scope="col" className="num">
              Priority
            </th>
            <th scope="col" className="num">
              Weight
            </th>
            <th scope="col" className="num">
              Context
            </th>
            <th scope="col" className="num">
              Est. cost
            </th>
            <th scope="col">Health</th>
          </tr>
        </thead>
        <tbody>
          {candidates.map((c, i) => (
            <tr key={i}>
              <th scope="row">
                {c.provider} / {c.model}
                {c.target_id === null && <span className="muted"> (rule target)</span>}
              </th>
              <td>
                {c.kept ? (
                  <span className="badge ok">kept</span>
                ) : (
                  <>
                    <span className="badge bad">left out</span> {c.reason}
                  </>
                )}
              </td>
              <td className="num">{c.priority}</td>
              <td className="num">{c.weight}</td>
              <td className="num">{formatInt(c.context_window)}</td>
              <td className="num">{formatUsd(c.estimated_cost_usd)}</td>
              <td>
                <span
                  className={`badge ${c.health.circuit === 'closed' ? 'ok' : c.health.circuit === 'open' ? 'bad' : 'warn'}`}
                >
                  {c.health.circuit.replace('_', '-')}
                </span>{' '}
                <span className="muted">
                  {formatMs(c.health.latency_ms)}, {formatPercent(c.health.error_rate)} errors
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
