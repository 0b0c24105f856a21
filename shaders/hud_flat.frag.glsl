#version 330 core
// The inside of a large HUD rectangle, away from its rounded corners and edge: hud.frag.glsl
// would compute full cover and no edge there, so the interpolated fill is the same pixel at a
// fraction of the cost (the panels are about a third of the window).
in vec4 v_fill;
out vec4 o_col;

void main()
{
    o_col = v_fill;
}
