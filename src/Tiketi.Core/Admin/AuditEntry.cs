using System.Text.Json;

namespace Tiketi.Core.Admin;

/// <summary>One audit log entry as <c>GET /api/admin/audit</c> sends it (snake_case like the other admin rows).</summary>
public sealed class AuditEntry
{
#pragma warning disable CS1591, IDE1006 // wire-named fields
    public Guid id { get; set; }
    public Guid? admin_id { get; set; }
    public string admin_email { get; set; } = "";
    public string action { get; set; } = "";
    public string target_type { get; set; } = "";
    public Guid? target_id { get; set; }
    public JsonElement? before { get; set; }
    public JsonElement? after { get; set; }
    public DateTime created_at { get; set; }
#pragma warning restore CS1591, IDE1006
}
