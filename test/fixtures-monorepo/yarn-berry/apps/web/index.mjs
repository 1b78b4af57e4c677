import { createServer } from 'node:http';
import { shout } from '@y/util';

const port = Number(process.env.PORT ?? 5050);
createServer((_req, res) => res.end(shout('web served by yarn workspaces'))).listen(port, '0.0.0.0');
