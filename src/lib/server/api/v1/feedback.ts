import { z } from 'zod';
import { operation } from '../operation';
import { approvedFeedbackInScope } from '../../feedback/service';
import { feedbackSchema } from '../../feedback/validation';
import { pageQuerySchema } from '../../validation';

/** Lived-experience feedback for professionals: approved only, of one's organisations and coordinated places. */
export const listFeedbackOperation = operation(
	{
		method: 'GET',
		path: '/feedback',
		operationId: 'listFeedback',
		summary:
			'Avis des personnes (approuvés par la coordination) sur les services de vos organisations et dans les territoires que vous coordonnez ; texte dépersonnalisé',
		tag: 'directory',
		auth: 'session',
		query: pageQuerySchema(50),
		response: z.object({ items: z.array(feedbackSchema) }).meta({ id: 'FeedbackPage' })
	},
	async ({ query, ctx }) => ({ items: await approvedFeedbackInScope(ctx, query) })
);
