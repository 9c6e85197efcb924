package cmdutil

import (
	"sort"
	"time"

	"github.com/spf13/viper"
)

// defaults lists every configuration key with its default value. Each key
// can be set in config.yaml or through HABIL_<KEY> (dots become underscores).
var defaults = map[string]any{
	"db":           "",
	"journal_mode": "WAL",
	"busy_timeout": "5s",
}

// keyDocs documents the keys for 'habil help config'.
var keyDocs = map[string]string{
	"db":           "path of the database file (default <user data dir>/habil/habil.db)",
	"journal_mode": "WAL (default) or DELETE; use DELETE when the database sits on a network drive",
	"busy_timeout": "how long a command waits for another habil writing to the database (e.g. 5s)",
}

// RegisterKey adds a configuration key with its default and documentation.
// Packages call it from init.
func RegisterKey(key string, def any, doc string) {
	defaults[key] = def
	keyDocs[key] = doc
}

// KeyDoc is one documented configuration key.
type KeyDoc struct {
	Key, Doc string
	Default  any
}

// Keys lists the documented keys in order.
func Keys() []KeyDoc {
	var out []KeyDoc
	for k, d := range keyDocs {
		out = append(out, KeyDoc{k, d, defaults[k]})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

// Config is the loaded configuration.
type Config struct {
	v    *viper.Viper
	Path string
}

// String returns a string key.
func (c *Config) String(key string) string { return c.v.GetString(key) }

// Int returns an integer key.
func (c *Config) Int(key string) int { return c.v.GetInt(key) }

// Duration returns a duration key.
func (c *Config) Duration(key string) time.Duration { return c.v.GetDuration(key) }

// IsSet reports whether the key was given (file, env or flag).
func (c *Config) IsSet(key string) bool { return c.v.IsSet(key) }
