namespace Warning.Api.Confirmations;

/// <summary>Body of <c>POST /api/sms/inbound</c>: the SMS gateway's mobile-originated callback.</summary>
public sealed record InboundSms(string? From, string? Text, DateTimeOffset? At);
