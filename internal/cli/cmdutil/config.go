package cmdutil

// The configuration keys, their defaults and rules are the application
// layer's (app.Keys, app.LoadConfig); Factory.Config reads them from the
// file, the environment and the --db flag.
