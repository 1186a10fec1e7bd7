using Tiketi.Edge;

var builder = WebApplication.CreateSlimBuilder(args);
EdgeHost.ConfigureServices(builder);
var app = builder.Build();
EdgeHost.MapEndpoints(app);
app.Run();
