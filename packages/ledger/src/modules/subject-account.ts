// Actions a subject sends from its own account (consent, objections, repair): the account, and
// the subject reference it is bound to.
import { CreditChainError } from '@creditchain/core';
import type { ActionContext } from '../action.js';
import { readAccount, type Account } from './identity/state.js';

export function subjectSender(ctx: ActionContext, doing: string): Account & { subject: Uint8Array } {
  const account = readAccount(ctx.suite, ctx.state, ctx.sender)!;
  if (account.subject === null) {
    throw new CreditChainError('PERMISSION_DENIED', `Only a subject, from its own account, can ${doing}; "${ctx.sender}" is an organisation's account.`, { account: ctx.sender });
  }
  return account as Account & { subject: Uint8Array };
}
