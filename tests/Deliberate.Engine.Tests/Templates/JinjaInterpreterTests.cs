using Deliberate.Engine.Templates;

namespace Deliberate.Engine.Tests.Templates;

/// <summary>
/// Feature tests for the Jinja subset. Expected strings are what Python Jinja2 (as transformers configures
/// it: trim_blocks, lstrip_blocks) renders for the same template.
/// </summary>
public sealed class JinjaInterpreterTests
{
    private static string Render(string source, Dictionary<string, object?>? variables = null) =>
        JinjaTemplate.Parse(source).Render(variables ?? []);

    [Theory]
    [InlineData("{{ 1 + 2 * 3 }}", "7")]
    [InlineData("{{ 7 / 2 }}|{{ 7 // 2 }}|{{ -7 // 2 }}|{{ -7 % 3 }}|{{ 2 ** 10 }}", "3.5|3|-4|2|1024")]
    [InlineData("{{ 1.0 }}|{{ 0.1 + 0.2 }}|{{ 1e-5 }}|{{ 1e16 }}|{{ 2.5e3 }}", "1.0|0.30000000000000004|1e-05|1e+16|2500.0")]
    [InlineData("{{ 'a' ~ 1 ~ none ~ true }}", "a1NoneTrue")]
    [InlineData("{{ 'ab' * 3 }}|{{ [1] + [2] }}", "ababab|[1, 2]")]
    [InlineData("{{ [1, 'x', none, true, 1.5, {'k': 'v'}] }}", "[1, 'x', None, True, 1.5, {'k': 'v'}]")]
    [InlineData("{{ \"it's\" }}|{{ [\"it's\"] }}", "it's|[\"it's\"]")]
    [InlineData("{{ 1 < 2 < 3 }}|{{ 3 > 2 > 2 }}|{{ 1 == 1.0 }}|{{ 'a' != 'b' }}", "True|False|True|True")]
    [InlineData("{{ 'b' in 'abc' }}|{{ 2 in [1, 2] }}|{{ 'k' in {'k': 1} }}|{{ 3 not in [1] }}", "True|True|True|True")]
    [InlineData("{{ not 0 and 'x' }}|{{ 0 or '' or 'last' }}|{{ none or 5 }}", "x|last|5")]
    [InlineData("{{ 'yes' if 1 else 'no' }}|{{ 'yes' if 0 else 'no' }}|[{{ 'y' if 0 }}]", "yes|no|[]")]
    [InlineData("{{ 'hello'[1:3] }}|{{ 'hello'[::-1] }}|{{ [1,2,3,4][-2:] }}|{{ [1,2,3,4][::2] }}|{{ 'abc'[-1] }}", "el|olleh|[3, 4]|[1, 3]|c")]
    [InlineData("{{ [1,2,3][5:] }}|{{ [1,2,3][:-5] }}|{{ [1,2,3][::-2] }}|{{ 'abcdef'[4:1:-1] }}", "[]|[]|[3, 1]|edc")]
    [InlineData("{{ {'a': {'b': [10, 20]}}.a.b[1] }}|{{ {'a': 1}['a'] }}", "20|1")]
    [InlineData("[{{ undefined_thing }}][{{ undefined_thing.attr }}][{{ undefined_thing['k'].x }}]", "[][][]")]
    [InlineData("{{ x is defined }}|{{ x is undefined }}|{{ none is none }}|{{ 'a' is string }}|{{ 1 is number }}", "False|True|True|True|True")]
    [InlineData("{{ {} is mapping }}|{{ [] is iterable }}|{{ 'a' is sequence }}|{{ 1 is integer }}|{{ 1.5 is float }}", "True|True|True|True|True")]
    [InlineData("{{ true is true }}|{{ false is false }}|{{ 1 is true }}|{{ true is boolean }}|{{ 1 is not string }}", "True|True|False|True|True")]
    [InlineData("{{ 4 is divisibleby 2 }}|{{ 3 is odd }}|{{ 2 is even }}|{{ 1 is eq 1 }}", "True|True|True|True")]
    public void Expressions(string source, string expected) => Assert.Equal(expected, Render(source));

    [Theory]
    [InlineData("{{ [3, 1, 2] | length }}|{{ 'abc' | length }}|{{ {'a': 1} | count }}", "3|3|1")]
    [InlineData("{{ ['a', 'b'] | join(', ') }}|{{ [1, 2] | join }}", "a, b|12")]
    [InlineData("{{ '  x  ' | trim }}|{{ 'aBc' | upper }}|{{ 'aBc' | lower }}|{{ 'hELLO wORLD' | capitalize }}|{{ 'hello big-world' | title }}", "x|ABC|abc|Hello world|Hello Big-World")]
    [InlineData("{{ 'aaa' | replace('a', 'b') }}|{{ 'aaa' | replace('a', 'b', 2) }}", "bbb|bba")]
    [InlineData("{{ x | default('d') }}|{{ '' | default('d') }}|{{ '' | default('d', true) }}|{{ none | d('n') }}", "d||d|None")]
    [InlineData("{{ [1, 2, 3] | first }}|{{ [1, 2, 3] | last }}|{{ 'abc' | list }}|{{ {'a': 1, 'b': 2} | items | list }}", "1|3|['a', 'b', 'c']|[('a', 1), ('b', 2)]")]
    [InlineData("{{ 5 | string ~ 'x' }}|{{ '42' | int + 1 }}|{{ 'x' | int }}|{{ '2.5' | float }}|{{ 3.9 | int }}", "5x|43|0|2.5|3")]
    [InlineData("{{ [{'n': 'a'}, {'n': 'b'}] | map(attribute='n') | join }}|{{ ['a', 'b'] | map('upper') | join }}", "ab|AB")]
    [InlineData("{{ [{'t': 1}, {'t': 0}, {}] | selectattr('t') | list | length }}|{{ [{'r': 'u'}, {'r': 's'}] | selectattr('r', 'equalto', 's') | list }}", "1|[{'r': 's'}]")]
    [InlineData("{{ [{'t': 1}, {'t': 0}] | rejectattr('t') | list }}|{{ [1, 2, 3, 4] | select('odd') | list }}|{{ [1, 2, 3] | reject('even') | list }}", "[{'t': 0}]|[1, 3]|[1, 3]")]
    [InlineData("{{ [1, 2, 1, 3, 2] | unique | list }}|{{ {'b': 1, 'a': 2} | dictsort }}", "[1, 2, 3]|[('a', 2), ('b', 1)]")]
    [InlineData("{{ '<a href=\"x\">&\\'' | e }}|{{ '<b>' | safe }}", "&lt;a href=&#34;x&#34;&gt;&amp;&#39;|<b>")]
    [InlineData("{{ [3, 1, 2] | sort }}|{{ [3, 1, 2] | sort(reverse=true) }}|{{ [1, 2] | reverse | list }}|{{ [4, 9] | max }}|{{ [1, 2] | sum }}", "[1, 2, 3]|[3, 2, 1]|[2, 1]|9|3")]
    [InlineData("{{ 'a\\nb' | indent(2) }}|{{ 'a\\nb' | indent(2, true) }}", "a\n  b|  a\n  b")]
    public void Filters(string source, string expected) => Assert.Equal(expected, Render(source));

    [Theory]
    [InlineData("{{ {'a': 1, 'b': [1, 2.5, 'x']} | tojson }}", "{\"a\": 1, \"b\": [1, 2.5, \"x\"]}")]
    [InlineData("{{ {'z': 1, 'a': 2} | tojson }}", "{\"z\": 1, \"a\": 2}")]
    [InlineData("{{ 'Zürich \"q\" \\\\ \\n\\t\\u0001 ✓' | tojson }}", "\"Zürich \\\"q\\\" \\\\ \\n\\t\\u0001 ✓\"")]
    [InlineData("{{ [none, true, false, 1.0, 1e-7, {}] | tojson }}", "[null, true, false, 1.0, 1e-07, {}]")]
    [InlineData("{{ {'a': [1, {'b': []}], 'c': {}} | tojson(indent=2) }}", "{\n  \"a\": [\n    1,\n    {\n      \"b\": []\n    }\n  ],\n  \"c\": {}\n}")]
    public void ToJsonMatchesPythonJsonDumps(string source, string expected) => Assert.Equal(expected, Render(source));

    [Theory]
    [InlineData("{{ 'a,b,,c'.split(',') }}|{{ '  a  b '.split() }}|{{ 'a,b,c'.split(',', 1) }}|{{ 'a,b,c'.rsplit(',', 1) }}", "['a', 'b', '', 'c']|['a', 'b']|['a', 'b,c']|['a,b', 'c']")]
    [InlineData("{{ 'abc'.startswith('ab') }}|{{ 'abc'.endswith(('x', 'c')) }}|{{ 'xxhixx'.strip('x') }}|{{ '\\n a'.lstrip() }}|{{ 'a \\n'.rstrip() }}", "True|True|hi|a|a")]
    [InlineData("{{ 'ab'.upper() }}|{{ 'AB'.lower() }}|{{ 'hello world'.title() }}|{{ 'abcb'.find('b') }}|{{ 'abc'.replace('b', 'B') }}", "AB|ab|Hello World|1|aBc")]
    [InlineData("{{ '{} + {} = {x}'.format(1, 2, x=3) }}", "1 + 2 = 3")]
    [InlineData("{{ {'a': 1}.get('a') }}|{{ {'a': 1}.get('b', 'dflt') }}|{{ {'a': 1}.get('b') }}|{{ {'a': 1, 'b': 2}.keys() | list }}|{{ {'a': 1}.values() | list }}", "1|dflt|None|['a', 'b']|[1]")]
    public void StringAndDictMethods(string source, string expected) => Assert.Equal(expected, Render(source));

    [Fact]
    public void ForLoopVariablesElseFilterAndUnpacking()
    {
        Assert.Equal("1/0/True/False/3;2/1/False/False/3;3/2/False/True/3;",
            Render("{% for x in [10, 20, 30] %}{{ loop.index }}/{{ loop.index0 }}/{{ loop.first }}/{{ loop.last }}/{{ loop.length }};{% endfor %}"));
        Assert.Equal("empty", Render("{% for x in [] %}{{ x }}{% else %}empty{% endfor %}"));
        Assert.Equal("a=1,b=2,", Render("{% for k, v in d.items() %}{{ k }}={{ v }},{% endfor %}",
            new() { ["d"] = new Dictionary<string, object?> { ["a"] = 1, ["b"] = 2 } }));
        Assert.Equal("2:1,4:2,", Render("{% for x in [1, 2, 3, 4] if x is even %}{{ x }}:{{ loop.index }},{% endfor %}"));
        Assert.Equal("CBA", Render("{% for c in ['a', 'b', 'c'] | reverse %}{{ c | upper }}{% endfor %}"));
        Assert.Equal("13", Render("{% for x in [1, 2, 3, 4] %}{% if x == 2 %}{% continue %}{% endif %}{% if x == 4 %}{% break %}{% endif %}{{ x }}{% endfor %}"));
        Assert.Equal("ab", Render("{% for x in 'ab' %}{{ x }}{% endfor %}"));
        Assert.Equal("0-1-2", Render("{{ range(3) | join('-') }}"));
        Assert.Equal("odd even odd ", Render("{% for x in range(3) %}{{ loop.cycle('odd', 'even') }} {% endfor %}"));
    }

    [Fact]
    public void SetScopingAndNamespace()
    {
        // A set inside a loop does not leak out; a namespace attribute does.
        Assert.Equal("0|3", Render("{% set n = 0 %}{% set ns = namespace(n=0) %}{% for x in [1, 2, 3] %}{% set n = n + 1 %}{% set ns.n = ns.n + 1 %}{% endfor %}{{ n }}|{{ ns.n }}"));
        Assert.Equal("in-if", Render("{% if true %}{% set v = 'in-if' %}{% endif %}{{ v }}"));
        Assert.Equal("[hello world]", Render("{% set block %}hello {{ 'world' }}{% endset %}[{{ block }}]"));
        Assert.Equal("1 2", Render("{% set a, b = [1, 2] %}{{ a }} {{ b }}"));
        var error = Assert.Throws<TemplateException>(() => Render("{% set d = {} %}{% set d.x = 1 %}"));
        Assert.Equal(TemplateErrorKind.Runtime, error.Kind);
    }

    [Fact]
    public void MacrosAndCallBlocks()
    {
        Assert.Equal("<b>x</b><i>y</i>", Render("{% macro tag(t, name='b') %}<{{ name }}>{{ t }}</{{ name }}>{% endmacro %}{{ tag('x') }}{{ tag('y', name='i') }}"));
        Assert.Equal("[inner]", Render("{% macro wrap() %}[{{ caller() }}]{% endmacro %}{% call wrap() %}inner{% endcall %}"));
        Assert.Equal("3", Render("{% macro fact(n) %}{% if n > 1 %}{{ n * fact(n - 1) | int }}{% else %}1{% endif %}{% endmacro %}{{ fact(3) | int // 2 }}"));
    }

    [Fact]
    public void WhitespaceControlLikeTransformers()
    {
        // trim_blocks drops the newline after a block tag; lstrip_blocks drops indentation before it.
        Assert.Equal("a\nb\n", Render("{% for x in ['a', 'b'] %}\n    {% if x %}\n{{ x }}\n    {% endif %}\n{% endfor %}\n"));
        Assert.Equal("ab", Render("  {%- if true -%}  a  {%- endif %}\n\nb"[..^0].Replace("\n\n", "", StringComparison.Ordinal)));
        Assert.Equal("x y", Render("x {{- ' ' -}}   y"));
        Assert.Equal("x\n", Render("x\n{# comment #}\n"));
        Assert.Equal("  x", Render("  {%+ if true %}x{% endif %}"));
        Assert.Equal("a\n", Render("a\n\n"));
        Assert.Equal("{{ literal", Render("{{ '{{ literal' }}"));
        Assert.Equal("{'a': {'b': 1}}", Render("{{ {'a': {'b': 1}} }}"));
    }

    [Fact]
    public void RaiseExceptionAndStrftimeNow()
    {
        var error = Assert.Throws<TemplateException>(() => Render("line one\n{{ raise_exception('only user and assistant roles') }}"));
        Assert.Equal(TemplateErrorKind.Raised, error.Kind);
        Assert.Equal("only user and assistant roles", error.Reason);
        Assert.Equal(2, error.Line);
        var clock = new FixedTimeProvider(new DateTimeOffset(2026, 7, 4, 9, 5, 0, TimeSpan.Zero));
        Assert.Equal("04 Jul 2026|2026-07-04 09:05|July", JinjaTemplate.Parse("{{ strftime_now('%d %b %Y') }}|{{ strftime_now('%Y-%m-%d %H:%M') }}|{{ strftime_now('%B') }}")
            .Render(new Dictionary<string, object?>(), clock));
    }

    [Theory]
    [InlineData("{% if x %}", 1, 4)]
    [InlineData("ok\n{% for %}", 2, 8)]
    [InlineData("{{ 'unterminated }}", 1, 4)]
    [InlineData("{{ 1 + }}", 1, 8)]
    [InlineData("{% endif %}", 1, 4)]
    [InlineData("{% frobnicate %}", 1, 4)]
    [InlineData("a\n  {{ x ) }}", 2, 8)]
    public void SyntaxErrorsNameLineAndColumn(string source, int line, int column)
    {
        var error = Assert.Throws<TemplateException>(() => JinjaTemplate.Parse(source));
        Assert.Equal(TemplateErrorKind.Syntax, error.Kind);
        Assert.Equal((line, column), (error.Line, error.Column));
    }

    [Fact]
    public void HostileTemplatesHitCapsNotTheProcess()
    {
        var limits = new TemplateLimits { MaxLoopIterations = 10_000, MaxOutputLength = 100_000 };
        Assert.Equal(TemplateErrorKind.Limit, Assert.Throws<TemplateException>(() =>
            JinjaTemplate.Parse("{{ " + new string('(', 10_000) + "1" + new string(')', 10_000) + " }}", limits)).Kind);
        Assert.Equal(TemplateErrorKind.Limit, Assert.Throws<TemplateException>(() =>
            JinjaTemplate.Parse("{{ " + string.Concat(Enumerable.Repeat("not ", 5000)) + "x }}", limits)).Kind);
        Assert.Equal(TemplateErrorKind.Limit, Assert.Throws<TemplateException>(() =>
            JinjaTemplate.Parse(string.Concat(Enumerable.Repeat("{% if x %}", 500)), limits)).Kind);
        Assert.Equal(TemplateErrorKind.Limit, Assert.Throws<TemplateException>(() =>
            JinjaTemplate.Parse("{% for a in range(1000) %}{% for b in range(1000) %}{% endfor %}{% endfor %}", limits).Render(new Dictionary<string, object?>())).Kind);
        Assert.Equal(TemplateErrorKind.Limit, Assert.Throws<TemplateException>(() =>
            JinjaTemplate.Parse("{{ range(10 ** 12) }}", limits).Render(new Dictionary<string, object?>())).Kind);
        Assert.Equal(TemplateErrorKind.Limit, Assert.Throws<TemplateException>(() =>
            JinjaTemplate.Parse("{{ 'x' * 1000000000 }}", limits).Render(new Dictionary<string, object?>())).Kind);
        Assert.Equal(TemplateErrorKind.Limit, Assert.Throws<TemplateException>(() =>
            JinjaTemplate.Parse("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", limits).Render(new Dictionary<string, object?>())).Kind);
        Assert.Equal(TemplateErrorKind.Limit, Assert.Throws<TemplateException>(() =>
            JinjaTemplate.Parse("{% set s = namespace(t='xxxxxxxxxx') %}{% for i in range(5000) %}{% set s.t = s.t ~ s.t[:50] %}{{ s.t }}{% endfor %}", limits)
                .Render(new Dictionary<string, object?>())).Kind);
        Assert.Equal(TemplateErrorKind.Runtime, Assert.Throws<TemplateException>(() =>
            JinjaTemplate.Parse("{{ 2 ** 200 }}", limits).Render(new Dictionary<string, object?>())).Kind);

        // Each iteration is cheap to count but expensive to run: the wall-clock cap ends it.
        var slow = new TemplateLimits { MaxRenderTime = TimeSpan.FromMilliseconds(200) };
        Assert.Equal(TemplateErrorKind.Limit, Assert.Throws<TemplateException>(() =>
            JinjaTemplate.Parse("{% set big = 'x' * 4000000 %}{% for i in range(1000000) %}{% set t = big.replace('x', 'y') %}{% endfor %}", slow)
                .Render(new Dictionary<string, object?>())).Kind);
    }

    [Fact]
    public void ValueErrorsCarryTheStatementPosition()
    {
        var error = Assert.Throws<TemplateException>(() => JinjaTemplate.Parse(
            "{% set ns = namespace(v=[]) %}{% for i in range(300) %}{% set ns.v = [ns.v] %}{% endfor %}\n  {{ ns.v | tojson }}")
            .Render(new Dictionary<string, object?>()));
        Assert.Equal(TemplateErrorKind.Limit, error.Kind);
        Assert.Equal((2, 3), (error.Line, error.Column));
    }

    [Fact]
    public void RuntimeErrorsAreTyped()
    {
        Assert.Equal(TemplateErrorKind.Runtime, Assert.Throws<TemplateException>(() => Render("{{ 'a' + 1 }}")).Kind);
        Assert.Equal(TemplateErrorKind.Runtime, Assert.Throws<TemplateException>(() => Render("{{ x | nosuchfilter }}")).Kind);
        Assert.Equal(TemplateErrorKind.Runtime, Assert.Throws<TemplateException>(() => Render("{{ nosuchfunction() }}")).Kind);
        Assert.Equal(TemplateErrorKind.Runtime, Assert.Throws<TemplateException>(() => Render("{{ 1 // 0 }}")).Kind);
        Assert.Equal(TemplateErrorKind.Runtime, Assert.Throws<TemplateException>(() => Render("{% for x in 5 %}{% endfor %}")).Kind);
    }
}
