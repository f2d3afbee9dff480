namespace Warning.Grains.Warnings;

/// <summary>Why an approver may not approve: the field at fault (<c>unit</c>, <c>region</c>, <c>role</c>), what was needed, and whether it is a matter of right (403) or of state (409: the unit already approved).</summary>
public sealed record ApprovalRefusal(string Field, string Message, bool Forbidden = true);
