using Warning.Grains.Warnings;

namespace Warning.Grains.Publication;

/// <summary>
/// The public warning of one (area, hazard) — key <see cref="KeyOf"/> — grouped from the sensor warnings that speak
/// for the area, in the spirit of Alertmanager: one warning at the highest released level, repeated evaluations no
/// new version, a red inhibiting the lower levels under it.
/// </summary>
public interface IAreaWarningGrain : IGrainWithStringKey
{
    static string KeyOf(string area, string hazard) => $"{area}/{hazard}";

    /// <summary>A sensor warning as people see it changed; returns once any new version is stored with its messages.</summary>
    Task Update(WarningRecord warning);

    /// <summary>Re-checks what should be public at <paramref name="at"/>: called when a silence ends, to release what it held.</summary>
    Task Refresh(DateTimeOffset at);

    /// <summary>Steps of call-and-response (叫应) of public warning <paramref name="publicId"/> fell due: call again, escalate.</summary>
    Task Call(string publicId);
}
