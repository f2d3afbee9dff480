using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Warning.Publication.Outbox;
using Warning.Publication.Texts;

namespace Warning.Publication.Channels;

/// <summary>
/// The HTTP requests of the contract's gateway table for one message: an SMS as one request per UCS-2 segment,
/// a broadcast as one per area, a voice call as one request of the SMS contract with <c>"kind": "voice"</c>, a webhook as the warning JSON signed with HMAC-SHA256 of the subscriber's secret.
/// </summary>
public static class GatewayRequests
{
    public const string SignatureHeader = "X-Warning-Signature";

    public static IReadOnlyList<Func<HttpRequestMessage>> For(OutboxMessage message, ChannelsOptions options) => message.Channel switch
    {
        ChannelNames.Sms => Sms(message, options.Sms.Url!),
        ChannelNames.Broadcast => [() => Json(options.Broadcast.Url!, new { messageId = message.MessageId, areas = message.Areas, level = message.Level, text = message.Text })],
        ChannelNames.Webhook => [() => Webhook(message)],
        ChannelNames.Voice => [() => Json(options.Voice.Url!, new { messageId = message.MessageId, to = message.Target, text = message.Text, kind = "voice" })],
        _ => throw new InvalidOperationException($"unknown channel \"{message.Channel}\" in message {message.MessageId}"),
    };

    public static string Signature(string secret, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));

    private static List<Func<HttpRequestMessage>> Sms(OutboxMessage message, string url)
    {
        var segments = SmsSegments.Split(message.Text);
        return segments.Select((text, i) => (Func<HttpRequestMessage>)(() =>
            Json(url, new { messageId = message.MessageId, to = message.Target, text, segment = i + 1, segments = segments.Count }))).ToList();
    }

    private static HttpRequestMessage Webhook(OutboxMessage message)
    {
        var body = message.Body ?? "{}";
        var request = new HttpRequestMessage(HttpMethod.Post, message.Target) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add(SignatureHeader, Signature(message.Secret ?? "", body));
        request.Headers.Add("X-Warning-Message-Id", message.MessageId);
        return request;
    }

    private static HttpRequestMessage Json(string url, object payload) => new(HttpMethod.Post, url)
    {
        Content = new StringContent(JsonSerializer.Serialize(payload), Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
    };
}
