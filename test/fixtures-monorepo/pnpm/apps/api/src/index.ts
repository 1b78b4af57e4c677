import { createServer } from 'node:http';
import { greeting } from '@shop/shared';

const port = Number(process.env.PORT ?? 4100);
createServer((_req, res) => res.end(greeting('api'))).listen(port);
