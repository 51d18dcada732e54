import { operation } from '../operation';
import { searchGlossary } from '../../glossary/service';
import { glossaryListSchema, glossaryQuerySchema } from '../../glossary/validation';

/** The glossary of social action (issue 10 §8): public, per territory. */
export const searchGlossaryOperation = operation(
	{
		method: 'GET',
		path: '/glossary',
		operationId: 'searchGlossary',
		summary:
			'Glossaire de l’action sociale : les termes dont le sigle, la forme longue ou une variante correspond à q (sans accents), avec leur définition et leur source, dans le glossaire d’un territoire (termes nationaux modifiés ou complétés par ses coordinateurs)',
		tag: 'glossary',
		auth: 'public',
		query: glossaryQuerySchema,
		response: glossaryListSchema
	},
	async ({ query, ctx }) => searchGlossary(ctx, query)
);
