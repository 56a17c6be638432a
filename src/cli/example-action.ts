/**
 * The input of `psizero policy explain`: a proposed action as JSON, described for `--help` from
 * the schema itself (so the help cannot drift from what is accepted) and shown by `--example`.
 */
import { ProposedActionSchema, type ProposedAction } from '../policy/index.ts';

/** A refund a customer-success manager would propose; valid against the default policy. */
export const EXAMPLE_ACTION: ProposedAction = {
  id: 'refund-in_1042',
  title: 'Refund the duplicate charge on invoice PZ-202603-1042',
  classification: {
    impact: 'medium',
    complexity: 'simple',
    reversibility: 'reversible',
    stakeholders: 'customer_facing',
    financialImpact: 4200,
    timeToExecute: 5,
  },
  signals: { customersAffected: 1, modelConfidence: 0.92 },
  customers: [{ id: 'cus_1042', name: 'Blue Falcon Labs', enterprise: false, successManagerId: 'sam' }],
  choices: [
    { id: 'refund_full', label: 'Refund $4,200 in full' },
    { id: 'refund_and_credit', label: 'Refund $2,100 and credit $2,100 to the next invoice' },
  ],
};

const classification = ProposedActionSchema.shape.classification.unwrap().shape;
const oneOf = (options: readonly string[]): string => options.join(' | ');

export const ACTION_FORMAT = `
The action is a JSON object (a file, or - for standard input):
  id              string, the action's id
  title           string, what would be done
  classification  impact:         ${oneOf(classification.impact.options)}
                  complexity:     ${oneOf(classification.complexity.options)}
                  reversibility:  ${oneOf(classification.reversibility.options)}
                  stakeholders:   ${oneOf(classification.stakeholders.options)}
                  financialImpact: US dollars moved or at stake
                  timeToExecute:   minutes
  signals         optional, what is known at run time: financialImpact (USD), customersAffected,
                  systemHealth (percent up), modelConfidence (0 to 1)
  customers       optional, [{ id, name?, enterprise?, successManagerId? }] (routing by customer)
  initiatedBy     optional, the directory id of the person proposing it (they cannot approve it)
  choices         optional, 2 to 8 options to approve one of: [{ id, label, description? }]
  approvalKind    optional, the kind the action needs: ${oneOf(ProposedActionSchema.shape.approvalKind.unwrap().options)}
                  (a route of two or more approvals is always consensus)
  escalationTriggers  optional, the seed's triggers, only ever tightening the policy's: financialThreshold
                  (USD), customerImpactCount, systemHealthThreshold (percent), uncertaintyThreshold (0 to 1)
  type            optional, the action type the policy's workflows.<name>.actions.<type> settings
                  name (default: the id up to its first ':')

Example (psizero policy explain --example prints it; pipe it back with: psizero policy explain --example | psizero policy explain -):
${JSON.stringify(EXAMPLE_ACTION, null, 2)}
`;
