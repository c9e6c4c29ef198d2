import { useState } from 'react';
import { ErrorMessage } from '../../components/error-message';
import { PageHeader } from '../../components/page-header';
import { ConfirmDialog } from '../../components/modal';
import { ExplainPanel } from './explain-panel';
import { RuleForm } from './rule-form';
import { RulesTable } from './rules-table';
import { ruleModel } from './types';
import type { Rule } from './types';
import { useDeleteRule, useRules } from './use-rules';

/** Editing: null (no form), 'new', or the rule being edited. */
type Editing = null | 'new' | Rule;

export function RulesPage() {
  const rules = useRules();
  const remove = useDeleteRule();
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<Rule | null>(null);

  return (
    <>
      <PageHeader title="Rules">
        {editing === null && (
          <button type="button" className="primary" onClick={() => setEditing('new')}>
            Add rule
          </button>
        )}
      </PageHeader>
      {editing !== null && (
        <RuleForm
          key={editing === 'new' ? 'new' : editing.id}
          rule={editing === 'new' ? null : editing}
          onDone={() => setEditing(null)}
        />
      )}
      <ErrorMessage error={rules.error} />
      {rules.isPending ? (
        <p role="status">Loading rules…</p>
      ) : (
        rules.data && (
          <RulesTable
            rules={rules.data}
            onEdit={(rule) => setEditing(rule)}
            onDelete={(rule) => {
              remove.reset();
              setDeleting(rule);
            }}
          />
        )
      )}
      <ExplainPanel />
      {deleting && (
        <ConfirmDialog
          title="Delete this rule?"
          confirmLabel="Delete rule"
          busy={remove.isPending}
          onCancel={() => setDeleting(null)}
          onConfirm={() => remove.mutate(deleting.id, { onSuccess: () => setDeleting(null) })}
        >
          <p>
            {ruleModel(deleting) ? `Model ${ruleModel(deleting)}` : 'Global'} rule{' '}
            <code>{deleting.when}</code>
          </p>
          <ErrorMessage error={remove.error} />
        </ConfirmDialog>
      )}
    </>
  );
}
