/** The new-network form's checks, field by field. Pure. */
import { gatewayProblem, subnetProblem } from '../../../preload/contract/networks';

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$/;

export type NetworkFormField = 'name' | 'subnet' | 'gateway';

/** The form's problems; empty when it may be sent (a name still has to be typed). */
export function networkFormProblems(form: { name: string; subnet: string; gateway: string }): Partial<Record<NetworkFormField, string>> {
  const problems: Partial<Record<NetworkFormField, string>> = {};
  const name = form.name.trim();
  if (name !== '' && !NAME.test(name)) problems.name = 'Use letters, digits, _ . - (starting with a letter or digit).';
  const subnet = form.subnet.trim();
  const subnetIssue = subnet === '' ? null : subnetProblem(subnet);
  if (subnetIssue) problems.subnet = subnetIssue;
  const gateway = form.gateway.trim();
  const gatewayIssue = gateway === '' ? null : gatewayProblem(gateway, subnet || undefined);
  if (gatewayIssue) problems.gateway = gatewayIssue;
  return problems;
}
