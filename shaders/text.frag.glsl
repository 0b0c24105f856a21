#version 330 core
// Glyph coverage from the single-channel atlas, times the vertex colour.
in vec2 v_uv;
in vec4 v_col;
uniform sampler2D u_atlas;
out vec4 o_col;

void main()
{
    float cover = texture(u_atlas, v_uv).r;
    o_col = vec4(v_col.rgb, v_col.a * cover);
}
