/**
 * The ceiling the benchmarks compare against: a bare Fastify answering GET /api/health with a
 * constant, on the same machine, in its own process (as the app runs in its own).
 *   node --import tsx tests/bench/plain-fastify.ts <port>
 */
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/api/health', async () => ({ status: 'ok' }));
await app.listen({ port: Number(process.argv[2]), host: '127.0.0.1' });
process.on('SIGINT', () => void app.close().then(() => process.exit(0)));
