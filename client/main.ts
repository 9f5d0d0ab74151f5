// Entry point: defines the shell; it restores the session and starts the router itself.
import './components/sinau-app.ts';
