namespace Warning.Rules.Parameters;

/// <summary>One problem with a rule parameter: which field, what it held and what was expected.</summary>
public sealed record ParamError(string Field, string Problem)
{
    public override string ToString() => $"{Field}: {Problem}";
}
