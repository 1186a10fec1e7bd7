using Tiketi.Edge;

// Content root = the app's own directory, so appsettings.json (log levels: no per-request logging) applies
// wherever `dotnet Tiketi.Edge.dll` is started from.
var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
EdgeHost.ConfigureServices(builder);
var app = builder.Build();
EdgeHost.MapEndpoints(app);
app.Run();
