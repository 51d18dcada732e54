import { z } from 'zod';
import { operation } from '../operation';
import { singleLine } from '../../validation';
import { signIn, signOut, SESSION_COOKIE } from '../../auth/service';
import { clearSessionCookie, setSessionCookie } from '../../http/session-cookie';

const meSchema = z
	.object({
		user: z.object({
			id: z.uuid(),
			email: z.string(),
			displayName: z.string(),
			isInstanceAdmin: z.boolean()
		}),
		memberships: z.array(
			z.object({
				organisationId: z.uuid(),
				organisationName: z.string(),
				role: z.enum(['admin', 'member', 'reader']),
				territory: z.object({ type: z.string(), code: z.string() })
			})
		),
		/** territories this account coordinates (ADR 008) */
		coordinations: z.array(z.object({ type: z.string(), code: z.string() }))
	})
	.meta({ id: 'Me' });

export const signInSchema = z
	.object({
		email: singleLine().min(1, 'email.required').max(254, 'email.invalid'),
		password: z.string().min(1, 'password.required').max(256)
	})
	.meta({ id: 'SignIn' });

export const createSession = operation(
	{
		method: 'POST',
		path: '/sessions',
		operationId: 'createSession',
		summary: 'Se connecter (ouvre une session, cookie HTTP-only)',
		tag: 'auth',
		auth: 'public',
		body: signInSchema,
		response: z.object({ userId: z.uuid() }),
		status: 201
	},
	async ({ body, ctx, event }) => {
		const { token, userId } = await signIn(ctx, body.email, body.password);
		setSessionCookie(event.cookies, token);
		return { userId };
	}
);

export const deleteCurrentSession = operation(
	{
		method: 'DELETE',
		path: '/sessions/current',
		operationId: 'deleteCurrentSession',
		summary: 'Se déconnecter',
		tag: 'auth',
		auth: 'session',
		response: z.null(),
		status: 204
	},
	async ({ ctx, event }) => {
		const token = event.cookies.get(SESSION_COOKIE);
		if (token) await signOut(ctx, token);
		clearSessionCookie(event.cookies);
		return null;
	}
);

export const getMe = operation(
	{
		method: 'GET',
		path: '/me',
		operationId: 'getMe',
		summary: 'Le compte connecté et ses rattachements',
		tag: 'auth',
		auth: 'session',
		response: meSchema
	},
	async ({ ctx }) => ({
		user: ctx.actor.user!,
		memberships: ctx.actor.memberships,
		coordinations: ctx.actor.coordinations.map(({ type, code }) => ({ type, code }))
	})
);
