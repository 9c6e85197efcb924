package report

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"text/template"
	"text/template/parse"

	"github.com/habil-app/habil/internal/domain"
)

// templateErr turns a text/template error into one line naming the file,
// line and what is wrong (exit 3: the template file is invalid input).
func templateErr(name string, err error) error {
	var de *domain.Error
	if errors.As(err, &de) {
		return err
	}
	msg := err.Error()
	msg = strings.TrimPrefix(msg, "template: ")
	if m := reExec.FindStringSubmatch(msg); m != nil {
		msg = m[1] + ": " + m[3]
	}
	if strings.HasSuffix(msg, "unexpected EOF") {
		msg += " (an {{if}}, {{range}} or {{with}} is not closed by {{end}})"
	}
	return domain.Errorf(domain.KindRejected, "TEMPLATE", "template %s", msg).
		WithHint("fix the template, or start again from 'habil convention text --out FILE'")
}

var reExec = regexp.MustCompile(`^(\S+?): executing "[^"]*" at <([^>]*)>: (.*)$`)

// checkFields walks every template of t and checks that each field used
// (.A.B, $.A, $x.A, in every branch, range and with) exists on the data
// type. text/template only finds those at execution, and only in the
// branches taken: a mistake in a branch that one convention skips would
// otherwise surface on another convention.
func checkFields(name string, t *template.Template, data any) error {
	c := &fieldChecker{t: t, seen: map[string]bool{}}
	root := reflect.TypeOf(data)
	if t.Tree == nil {
		return nil
	}
	return c.list(t.Tree, t.Tree.Root, root, map[string]reflect.Type{"$": root})
}

type fieldChecker struct {
	t    *template.Template
	seen map[string]bool
}

func copyVars(v map[string]reflect.Type) map[string]reflect.Type {
	out := make(map[string]reflect.Type, len(v))
	for k, x := range v {
		out[k] = x
	}
	return out
}

func (c *fieldChecker) list(tree *parse.Tree, l *parse.ListNode, dot reflect.Type, vars map[string]reflect.Type) error {
	if l == nil {
		return nil
	}
	for _, n := range l.Nodes {
		if err := c.node(tree, n, dot, vars); err != nil {
			return err
		}
	}
	return nil
}

func (c *fieldChecker) node(tree *parse.Tree, n parse.Node, dot reflect.Type, vars map[string]reflect.Type) error {
	switch x := n.(type) {
	case *parse.ActionNode:
		_, err := c.pipe(tree, x.Pipe, dot, vars)
		return err
	case *parse.IfNode:
		return c.branch(tree, &x.BranchNode, dot, vars, false)
	case *parse.WithNode:
		return c.branch(tree, &x.BranchNode, dot, vars, true)
	case *parse.RangeNode:
		inner := copyVars(vars)
		pt, err := c.pipe(tree, x.Pipe, dot, inner)
		if err != nil {
			return err
		}
		var elem reflect.Type
		if pt != nil {
			switch pt.Kind() {
			case reflect.Slice, reflect.Array, reflect.Map:
				elem = pt.Elem()
			}
		}
		if len(x.Pipe.Decl) > 0 {
			inner[x.Pipe.Decl[len(x.Pipe.Decl)-1].Ident[0]] = elem
		}
		if err := c.list(tree, x.List, elem, inner); err != nil {
			return err
		}
		return c.list(tree, x.ElseList, dot, copyVars(vars))
	case *parse.TemplateNode:
		var arg reflect.Type
		if x.Pipe != nil {
			var err error
			if arg, err = c.pipe(tree, x.Pipe, dot, vars); err != nil {
				return err
			}
		}
		key := fmt.Sprintf("%s|%v", x.Name, arg)
		if c.seen[key] {
			return nil
		}
		c.seen[key] = true
		sub := c.t.Lookup(x.Name)
		if (sub == nil || sub.Tree == nil) && isMention(x.Name) {
			return nil // a missing mandatory block: checkMentions names it with its legal basis
		}
		if sub == nil || sub.Tree == nil {
			loc, _ := tree.ErrorContext(x)
			return domain.Errorf(domain.KindRejected, "TEMPLATE", "template %s: no template named %q", loc, x.Name)
		}
		return c.list(sub.Tree, sub.Tree.Root, arg, map[string]reflect.Type{"$": arg})
	}
	return nil
}

func (c *fieldChecker) branch(tree *parse.Tree, b *parse.BranchNode, dot reflect.Type, vars map[string]reflect.Type, with bool) error {
	inner := copyVars(vars)
	pt, err := c.pipe(tree, b.Pipe, dot, inner)
	if err != nil {
		return err
	}
	body := dot
	if with {
		body = pt
	}
	if err := c.list(tree, b.List, body, inner); err != nil {
		return err
	}
	return c.list(tree, b.ElseList, dot, copyVars(vars))
}

// pipe checks a pipeline and returns its result type (nil when unknown).
func (c *fieldChecker) pipe(tree *parse.Tree, p *parse.PipeNode, dot reflect.Type, vars map[string]reflect.Type) (reflect.Type, error) {
	if p == nil {
		return nil, nil
	}
	var last reflect.Type
	for _, cmd := range p.Cmds {
		last = nil
		for i, arg := range cmd.Args {
			t, err := c.arg(tree, arg, dot, vars)
			if err != nil {
				return nil, err
			}
			if i == 0 && len(cmd.Args) == 1 {
				last = t
			}
		}
	}
	for _, v := range p.Decl {
		vars[v.Ident[0]] = last
	}
	return last, nil
}

func (c *fieldChecker) arg(tree *parse.Tree, n parse.Node, dot reflect.Type, vars map[string]reflect.Type) (reflect.Type, error) {
	switch x := n.(type) {
	case *parse.DotNode:
		return dot, nil
	case *parse.FieldNode:
		return c.fields(tree, x, dot, x.Ident, "")
	case *parse.VariableNode:
		t, ok := vars[x.Ident[0]]
		if !ok {
			return nil, nil
		}
		return c.fields(tree, x, t, x.Ident[1:], x.Ident[0])
	case *parse.ChainNode:
		var base reflect.Type
		switch y := x.Node.(type) {
		case *parse.FieldNode, *parse.VariableNode, *parse.DotNode:
			var err error
			if base, err = c.arg(tree, y, dot, vars); err != nil {
				return nil, err
			}
		case *parse.PipeNode:
			var err error
			if base, err = c.pipe(tree, y, dot, copyVars(vars)); err != nil {
				return nil, err
			}
		}
		return c.fields(tree, x, base, x.Field, "(…)")
	case *parse.PipeNode:
		return c.pipe(tree, x, dot, copyVars(vars))
	}
	return nil, nil
}

// fields follows a chain of field names from type t (nil: unknown, not checked).
func (c *fieldChecker) fields(tree *parse.Tree, n parse.Node, t reflect.Type, idents []string, prefix string) (reflect.Type, error) {
	path := prefix
	for _, id := range idents {
		if t == nil {
			return nil, nil
		}
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		path += "." + id
		switch t.Kind() {
		case reflect.Struct:
			if f, ok := t.FieldByName(id); ok && f.IsExported() {
				t = f.Type
				continue
			}
			if m, ok := reflect.PointerTo(t).MethodByName(id); ok && m.Type.NumOut() > 0 {
				t = m.Type.Out(0)
				continue
			}
			loc, _ := tree.ErrorContext(n)
			return nil, domain.Errorf(domain.KindRejected, "TEMPLATE_FIELD", "template %s: unknown field %s (%s has: %s)", loc, path, typeLabel(t), fieldNames(t)).
				WithHint("the fields are listed at the top of 'habil convention text --out FILE'")
		case reflect.Map, reflect.Interface:
			return nil, nil
		default:
			loc, _ := tree.ErrorContext(n)
			return nil, domain.Errorf(domain.KindRejected, "TEMPLATE_FIELD", "template %s: %s is a %s, it has no field %s", loc, strings.TrimSuffix(path, "."+id), t.Kind(), id)
		}
	}
	return t, nil
}

func typeLabel(t reflect.Type) string {
	return strings.TrimSuffix(strings.TrimSuffix(t.Name(), "Info"), "Data")
}

func fieldNames(t reflect.Type) string {
	var l []string
	for i := 0; i < t.NumField(); i++ {
		if f := t.Field(i); f.IsExported() {
			l = append(l, f.Name)
		}
	}
	return strings.Join(l, ", ")
}
