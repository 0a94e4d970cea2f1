// /commands and /teams/{tid}/commands/* (Client4 addCommand, editCommand, regenCommandToken, deleteCommand,
// getCommandsList, getCustomTeamCommands, executeCommand, getAutocompleteCommandsList,
// getCommandAutocompleteSuggestionsList).
import { Type } from 'typebox';
import type { App } from '../app/app.js';
import type { ListedCommand } from '../app/commands.js';
import { presentBuiltinCommand, presentCommand, presentCommandResponse } from '../presenters/integrations.js';
import { requireSession } from './auth.js';
import { boolParam, idParam, type Query } from './params.js';
import { STATUS_OK, type Router } from './router.js';

const Text = (max: number) => Type.Optional(Type.String({ maxLength: max }));
const Id = Type.String({ maxLength: 64 });

// Clients send whole Command objects; only the fields read here are declared, the rest is ignored.
const CommandBody = Type.Object({
  id: Type.Optional(Id),
  team_id: Id,
  creator_id: Type.Optional(Id),
  trigger: Type.String({ maxLength: 1024 }),
  method: Text(8),
  url: Type.String({ maxLength: 4096 }),
  username: Text(1000),
  icon_url: Text(4096),
  auto_complete: Type.Optional(Type.Boolean()),
  auto_complete_desc: Text(4096),
  auto_complete_hint: Text(4096),
  display_name: Text(1000),
  description: Text(1000),
});

const ExecuteBody = Type.Object({
  command: Type.String({ maxLength: 20_000 }),
  channel_id: Id,
  team_id: Type.Optional(Type.String({ maxLength: 64 })),
  root_id: Type.Optional(Type.String({ maxLength: 64 })),
  parent_id: Type.Optional(Type.String({ maxLength: 64 })),
});

type P = { command_id: string; team_id: string };

const present = (c: ListedCommand) => (c.kind === 'custom' ? presentCommand(c.command, c.sanitize) : presentBuiltinCommand(c.command));

export function registerCommandRoutes(r: Router, app: App): void {
  r.post('/api/v4/commands', { schema: { body: CommandBody } }, async (req, reply) => {
    const s = requireSession(req);
    reply.code(201);
    return presentCommand(await app.commands.createCommand(s, req.body));
  });

  r.get('/api/v4/commands', async (req) => {
    const s = requireSession(req);
    const q = req.query as Query;
    const teamId = idParam(q.team_id, 'team_id');
    return (await app.commands.listCommands(s, teamId, boolParam(q.custom_only))).map(present);
  });

  r.post('/api/v4/commands/execute', { schema: { body: ExecuteBody } }, async (req) => {
    const s = requireSession(req);
    const b = req.body;
    const response = await app.commands.executeCommand(s, { command: b.command, channel_id: b.channel_id, team_id: b.team_id, root_id: b.root_id || b.parent_id });
    return presentCommandResponse(response);
  });

  r.get('/api/v4/commands/:command_id', async (req) => {
    const s = requireSession(req);
    return presentCommand(await app.commands.getCommand(s, idParam((req.params as P).command_id, 'command_id')));
  });

  r.put('/api/v4/commands/:command_id', { schema: { body: CommandBody } }, async (req) => {
    const s = requireSession(req);
    return presentCommand(await app.commands.updateCommand(s, idParam((req.params as P).command_id, 'command_id'), req.body));
  });

  r.put('/api/v4/commands/:command_id/regen_token', async (req) => {
    const s = requireSession(req);
    return { token: await app.commands.regenCommandToken(s, idParam((req.params as P).command_id, 'command_id')) };
  });

  r.delete('/api/v4/commands/:command_id', async (req) => {
    const s = requireSession(req);
    await app.commands.deleteCommand(s, idParam((req.params as P).command_id, 'command_id'));
    return STATUS_OK;
  });

  r.get('/api/v4/teams/:team_id/commands/autocomplete', async (req) => {
    const s = requireSession(req);
    return (await app.commands.listAutocompleteCommands(s, idParam((req.params as P).team_id, 'team_id'))).map(present);
  });

  r.get('/api/v4/teams/:team_id/commands/autocomplete_suggestions', async (req) => {
    const s = requireSession(req);
    const q = req.query as Query;
    const input = q.user_input ?? '';
    return app.commands.getSuggestions(s, idParam((req.params as P).team_id, 'team_id'), input.slice(0, 1024));
  });
}
